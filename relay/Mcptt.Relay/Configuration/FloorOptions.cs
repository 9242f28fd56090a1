namespace Mcptt.Relay.Configuration;

/// <summary>Section "Floor": TS 24.380 floor control server timers (milliseconds) and counters.
/// Defaults follow the values collected in shared/specs/mcptt-media-plane.md §1.7.</summary>
public sealed record FloorOptions
{
    public const string Section = "Floor";

    /// <summary>T1 end of RTP media: the holder loses the floor after this much silence.</summary>
    public int T1EndOfRtpMediaMs { get; init; } = 4000;

    /// <summary>T2 stop talking: the longest one talk burst may last.</summary>
    public int T2StopTalkingMs { get; init; } = 30000;

    /// <summary>T3 stop talking grace: after Floor Revoke, how long the holder may still send.</summary>
    public int T3StopTalkingGraceMs { get; init; } = 3000;

    /// <summary>T4 inactivity: an idle group call is released after this long.</summary>
    public int T4InactivityMs { get; init; } = 30000;

    /// <summary>T7 floor idle: Floor Idle retransmission interval.</summary>
    public int T7FloorIdleMs { get; init; } = 1000;

    /// <summary>T8 floor revoke: Floor Revoke retransmission interval.</summary>
    public int T8FloorRevokeMs { get; init; } = 1000;

    /// <summary>T20 floor granted: Floor Granted retransmission interval.</summary>
    public int T20FloorGrantedMs { get; init; } = 1000;

    /// <summary>C7: how many times Floor Idle is sent.</summary>
    public int C7FloorIdle { get; init; } = 3;

    /// <summary>C20: how many times Floor Granted is sent.</summary>
    public int C20FloorGranted { get; init; } = 3;

    /// <summary>Private (1:1) calls with a floor channel: queue Floor Requests when the client offers mc_queueing.</summary>
    public bool PrivateCallQueueing { get; init; } = true;

    /// <summary>Private calls: the highest mc_priority the server answers (groups set theirs per group).</summary>
    public int PrivateCallMaxPriority { get; init; } = 1;
}
