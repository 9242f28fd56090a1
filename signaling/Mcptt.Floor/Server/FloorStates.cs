namespace Mcptt.Floor.Server;

/// <summary>General floor control operation states, one machine per call (TS 24.380 §6.3.4).</summary>
public enum GeneralFloorState
{
    StartStop,
    /// <summary>G: Floor Initialising — call being set up; requests are collected, granted at Start.</summary>
    Initialising,
    /// <summary>G: Floor Idle.</summary>
    Idle,
    /// <summary>G: Floor Taken.</summary>
    Taken,
    /// <summary>G: pending Floor Revoke.</summary>
    PendingRevoke,
    Releasing,
}

/// <summary>Floor control towards one participant (TS 24.380 §6.3.5).</summary>
public enum ParticipantFloorState
{
    StartStop,
    /// <summary>U: not permitted and initiating.</summary>
    NotPermittedInitiating,
    /// <summary>U: not permitted and Floor Idle.</summary>
    NotPermittedIdle,
    /// <summary>U: not permitted and Floor Taken.</summary>
    NotPermittedTaken,
    /// <summary>U: permitted.</summary>
    Permitted,
    /// <summary>U: pending Floor Revoke.</summary>
    PendingRevoke,
    /// <summary>U: not permitted but sends media.</summary>
    NotPermittedSendsMedia,
    Releasing,
}

/// <summary>Outcome of adding a participant.</summary>
public enum FloorJoinResult
{
    /// <summary>Joined without (or with a not yet decided) floor request.</summary>
    Joined,
    /// <summary>The implicit request was granted (or, while initialising, will be granted at Start).</summary>
    Granted,
    /// <summary>The implicit request was queued.</summary>
    Queued,
    /// <summary>The implicit request was denied.</summary>
    Denied,
}
