namespace Mcptt.Client.Floor;

/// <summary>The floor as this participant sees it (a simplified TS 24.380 §6.2 participant view).</summary>
public enum FloorState
{
    /// <summary>No call, or no floor message yet.</summary>
    Unknown,

    /// <summary>Floor Idle received: anyone may request.</summary>
    Idle,

    /// <summary>Floor Request sent, no answer yet.</summary>
    PendingRequest,

    /// <summary>Queued by the server (Queue Position Info received).</summary>
    Queued,

    /// <summary>Floor Granted to us: we may talk.</summary>
    Granted,

    /// <summary>Someone else holds the floor.</summary>
    Taken,

    /// <summary>Floor Release sent, no Idle yet.</summary>
    PendingRelease,
}
