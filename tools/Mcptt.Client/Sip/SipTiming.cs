namespace Mcptt.Client.Sip;

/// <summary>RFC 3261 §17 UDP timers, shortened where a test client benefits (all configurable).</summary>
public sealed record SipTiming
{
    /// <summary>T1: first retransmission interval.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T2: retransmission interval cap.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Timer B/F: give up when no response at all (64*T1 = 32 s in the RFC).</summary>
    public TimeSpan NoResponseTimeout { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>After a provisional response to an INVITE, how long to wait for the final one (ringing).</summary>
    public TimeSpan RingingTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
