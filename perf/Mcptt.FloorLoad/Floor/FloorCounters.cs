namespace Mcptt.FloorLoad.Floor;

/// <summary>Every floor datagram the clients received, by what became of it (whole run; Interlocked).</summary>
internal sealed class FloorCounters
{
    public long Datagrams;
    /// <summary>Not a valid MCPT APP packet (the project's floor codec refused it).</summary>
    public long Invalid;
    /// <summary>From a port that is no member's floor port.</summary>
    public long UnknownSource;
    public long Granted, Taken, Idle, Deny, Revoke, QueuePositionInfo, Ack, Other;
    /// <summary>Granted/Taken/Idle that fit no cycle in flight (late, or retransmitted by the server).</summary>
    public long Stray;
    public long AcksSent;
    public long SendErrors;
}
