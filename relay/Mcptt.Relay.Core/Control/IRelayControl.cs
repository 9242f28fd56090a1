using System.Net;

namespace Mcptt.Relay.Core.Control;

/// <summary>
/// The one narrow interface between the control plane (SIP call control, floor control,
/// the ng port) and the data plane. The data plane knows nothing of SIP: it only sees
/// legs (local port pairs bound to one remote peer) grouped into bridges.
/// Every method is control-plane only (may allocate, may block briefly); none is called per packet.
/// Implementations are thread-safe; calls from different threads are serialized internally.
/// </summary>
public interface IRelayControl
{
    /// <summary>The address the relay's media sockets are bound to (goes into SDP c= lines).</summary>
    IPAddress MediaAddress { get; }

    /// <summary>
    /// Allocates a leg: an even RTP port and RTP+1 for RTCP (or one port when <see cref="LegOptions.SinglePort"/>),
    /// from the configured range. Returns null when the range is exhausted.
    /// </summary>
    LegHandle? AllocateLeg(in LegOptions options);

    /// <summary>Closes the leg's sockets and returns its ports to the range. Idempotent.</summary>
    void FreeLeg(LegHandle leg);

    /// <summary>
    /// Where the peer says it will send from / wants to receive (from its SDP). With source learning,
    /// the first packet's real source replaces this (NAT) and is then enforced.
    /// Null endpoints mean "unknown until learned".
    /// </summary>
    void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp);

    /// <summary>Creates an empty bridge. Media is only forwarded between legs of the same bridge.</summary>
    BridgeHandle CreateBridge(BridgeMode mode);

    /// <summary>Removes the bridge; its legs stay allocated but forward nothing. Idempotent.</summary>
    void DestroyBridge(BridgeHandle bridge);

    /// <summary>
    /// Adds a leg to a bridge. <paramref name="outgoingSsrc"/> is the SSRC the relay uses toward this
    /// leg's peer (0 = pass the source's SSRC through unchanged, the plain 1:1 relay behaviour).
    /// Returns only after the workers can see the change.
    /// </summary>
    void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0);

    /// <summary>Removes a leg from its bridge; acknowledged like <see cref="Attach"/>.</summary>
    void Detach(LegHandle leg);

    /// <summary>
    /// For <see cref="BridgeMode.FloorHolderOnly"/>: the only leg whose media reaches the others
    /// (null = nobody; all media is dropped and counted as "not floor holder").
    /// Returns only after the workers can see the change: no packet from the old holder is
    /// forwarded after this returns.
    /// </summary>
    void SetFloorHolder(BridgeHandle bridge, LegHandle? holder);

    /// <summary>Sends a control-plane generated datagram (e.g. a floor control message) out of the leg's
    /// RTP port (<paramref name="rtcp"/> false) or RTCP port toward the leg's current remote.
    /// Returns false when no remote is known yet.</summary>
    bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp);

    /// <summary>Snapshot of a leg's counters and last-activity time (for T1, media timeout, ng query).</summary>
    LegStats GetStats(LegHandle leg);

    /// <summary>
    /// <see cref="LegStats.LastVoiceTimestamp"/> (<paramref name="voiceOnly"/>) or <see cref="LegStats.LastRtpTimestamp"/> of
    /// the leg, 0 when unknown: what a poll of every participant needs, without building the whole snapshot (which
    /// allocates the learned addresses) for each of thousands of legs four times a second.
    /// </summary>
    long LastActivity(LegHandle leg, bool voiceOnly)
    {
        var stats = GetStats(leg);
        return voiceOnly ? stats.LastVoiceTimestamp : stats.LastRtpTimestamp;
    }

    /// <summary>
    /// Datagrams arriving on a leg allocated with <see cref="LegKind.Diverted"/> (the MCPTT floor
    /// control port), and RTCP APP "MCPT" packets arriving on an RTP leg's RTCP port, are copied here,
    /// on a control-plane thread, never on a worker. Bounded: when the consumer is slow they are
    /// dropped and counted.
    /// </summary>
    event DivertedPacketHandler? PacketDiverted;
}

public delegate void DivertedPacketHandler(LegHandle leg, IPEndPoint source, ReadOnlySpan<byte> datagram);

public enum LegKind : byte
{
    /// <summary>RTP on the even port, RTCP on the odd one; forwarded inside the bridge.</summary>
    Media = 0,
    /// <summary>Never forwarded: every datagram goes to <see cref="IRelayControl.PacketDiverted"/>
    /// (the MCPTT floor control channel, m=application ... MCPTT).</summary>
    Diverted = 1,
}

public enum BridgeMode : byte
{
    /// <summary>Every leg's media goes to every other leg (1:1 call without floor control).</summary>
    AllToOthers = 0,
    /// <summary>Only the floor holder's media goes out, to every other leg (MCPTT group / private call).</summary>
    FloorHolderOnly = 1,
}

public readonly record struct LegOptions(
    LegKind Kind = LegKind.Media,
    bool SinglePort = false,
    /// <summary>Learn the peer's address from the first packet, then enforce it (strict source).</summary>
    bool LearnSource = true,
    /// <summary>A human readable tag for logs and metrics (call-id, user); never parsed.</summary>
    string? Label = null,
    /// <summary>Judge each RTP packet's content (<see cref="Forwarding.VoiceActivity"/>) so <see cref="LegStats.LastVoiceTimestamp"/>
    /// ignores silence: for legacy phones whose talking is their floor request.</summary>
    bool DetectVoice = false);

/// <summary>Opaque handle; value equality. <see cref="RtpPort"/> is the even (or single) local port;
/// <see cref="RtcpPort"/> equals it for single-port (rtcp-mux) and diverted legs, which always use one port.</summary>
public readonly record struct LegHandle(int Id, int RtpPort, int RtcpPort);

public readonly record struct BridgeHandle(int Id);

/// <remarks>
/// "In" counts datagrams accepted from this leg's peer (valid and from the right source), including
/// ones then dropped by the floor gate: a non-holder's RTP still moves <see cref="LastRtpTimestamp"/>,
/// which is how implicit floor requests of legacy phones are detected. "Out" counts datagrams the
/// workers sent toward this leg's peer (not SendFromLeg traffic). <see cref="Dropped"/> counts
/// datagrams that arrived on this leg and were not forwarded (malformed, wrong source, gated, no route).
/// </remarks>
public readonly record struct LegStats(
    long RtpPacketsIn,
    long RtpBytesIn,
    long RtcpPacketsIn,
    long PacketsOut,
    long BytesOut,
    long Dropped,
    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> of the last RTP packet accepted from the peer; 0 = none yet.</summary>
    long LastRtpTimestamp,
    IPEndPoint? LearnedRtpSource,
    IPEndPoint? LearnedRtcpSource,
    /// <summary>Like <see cref="LastRtpTimestamp"/>, but only RTP judged to carry voice when the leg was allocated with
    /// <see cref="LegOptions.DetectVoice"/> (a muted phone's stream of digital silence does not move it); on other legs
    /// it equals <see cref="LastRtpTimestamp"/>.</summary>
    long LastVoiceTimestamp = 0);
