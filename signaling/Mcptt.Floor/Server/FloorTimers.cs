namespace Mcptt.Floor.Server;

/// <summary>
/// Floor control server timers and counters (TS 24.380 table 11.1.3-1; element names from TS 24.484
/// <c>fc-timers-counters</c>). Defaults follow the spec digest (shared/specs/mcptt-media-plane.md §1.7);
/// the spec table was not read first-hand, so values marked UNVERIFIED must stay configurable.
/// </summary>
public sealed record FloorTimers
{
    /// <summary>T1 end of RTP media: no media from the holder for this long releases the floor. 4 s (NS3, CIMS).</summary>
    public TimeSpan T1EndOfRtpMedia { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>T2 stop talking: longest media burst before Floor Revoke cause 2. "Default maximum 30 s" (V17.7.0 quoted).</summary>
    public TimeSpan T2StopTalking { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>T3 stop talking grace after a Floor Revoke. 3 s — UNVERIFIED against the spec table (NS3, CIMS).</summary>
    public TimeSpan T3StopTalkingGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>T4 inactivity: floor idle this long ends the call. 30 s — UNVERIFIED (NS3; group hang timer).</summary>
    public TimeSpan T4Inactivity { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>T7 Floor Idle retransmission. 1 s — UNVERIFIED (NS3 1 s; CIMS "depends on radio").</summary>
    public TimeSpan T7FloorIdle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>T8 Floor Revoke retransmission. "Default value: 1 second" (quoted).</summary>
    public TimeSpan T8FloorRevoke { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>T20 Floor Granted retransmission. "Default value: 1 second" (quoted).</summary>
    public TimeSpan T20FloorGranted { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>C7: Floor Idle retransmissions after the first send (so up to 1 + C7 sends). 3 — UNVERIFIED (CIMS 3, NS3 10).</summary>
    public int C7FloorIdle { get; init; } = 3;

    /// <summary>C20: Floor Granted retransmissions after the first send (so up to 1 + C20 sends). 3 — UNVERIFIED (NS3 3, CIMS 3).</summary>
    public int C20FloorGranted { get; init; } = 3;
}
