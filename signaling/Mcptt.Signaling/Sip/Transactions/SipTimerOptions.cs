namespace Mcptt.Signaling.Sip;

/// <summary>RFC 3261 §17 timer base values (Table 4). Tests shorten them or drive a manual clock.</summary>
public sealed class SipTimerOptions
{
    /// <summary>RTT estimate: first retransmission interval.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the retransmission interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest time a message stays in the network.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers B, F, H, J, M: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D: ACK retransmission window of an INVITE client transaction over UDP (at least 32 s).</summary>
    public TimeSpan TimerD => TransactionTimeout > TimeSpan.FromSeconds(32) ? TransactionTimeout : TimeSpan.FromSeconds(32);

    /// <summary>
    /// How long an INVITE server transaction waits for the TU's final response before answering 408
    /// itself (a guard against a TU that forgets a request; proxies call this Timer C).
    /// </summary>
    public TimeSpan InvitePendingTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
