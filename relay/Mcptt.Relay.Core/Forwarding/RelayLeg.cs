using System.Net.Sockets;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// One allocated leg: its sockets, remotes, route and per-leg counters. Created and destroyed by
/// the control plane; read by every worker that forwards to it.
/// Ownership of fields (single writer each):
///   control plane: declared remotes, <see cref="Route"/>, <see cref="BridgeId"/>;
///   owning worker: latches, input counters, <see cref="LastInSsrc"/>;
///   forwarding worker: <see cref="Output"/> (see <see cref="OutputState"/>).
/// Output counters live in per-worker arrays indexed by <see cref="Slot"/> (see WorkerCounters).
/// </summary>
internal sealed class RelayLeg
{
    private long _declaredRtp;
    private long _declaredRtcp;
    private Route? _route;
    private int _declaredVersion;

    public RelayLeg(int id, int slot, int worker, in LegOptions options, Socket rtpSocket, Socket? rtcpSocket)
    {
        Id = id;
        Slot = slot;
        Worker = worker;
        Kind = options.Kind;
        LearnSource = options.LearnSource;
        Label = options.Label;
        DetectVoice = options.DetectVoice;
        RtpSocket = rtpSocket;
        RtcpSocket = rtcpSocket ?? rtpSocket;
        SinglePort = rtcpSocket is null;
        RtpFd = (int)rtpSocket.Handle;
        RtcpFd = (int)RtcpSocket.Handle;
        int rtpPort = ((System.Net.IPEndPoint)rtpSocket.LocalEndPoint!).Port;
        int rtcpPort = ((System.Net.IPEndPoint)RtcpSocket.LocalEndPoint!).Port;
        Handle = new LegHandle(id, rtpPort, rtcpPort);
    }

    public int Id { get; }
    public int Slot { get; }
    public int Worker { get; }
    public LegHandle Handle { get; }
    public LegKind Kind { get; }
    public bool LearnSource { get; }
    public bool SinglePort { get; }
    public string? Label { get; }
    public bool DetectVoice { get; }
    public Socket RtpSocket { get; }
    /// <summary>Same object as <see cref="RtpSocket"/> for single-port (rtcp-mux / diverted) legs.</summary>
    public Socket RtcpSocket { get; }
    public int RtpFd { get; }
    public int RtcpFd { get; }

    /// <summary>Control plane only.</summary>
    public int BridgeId { get; set; }

    public SourceLatch RtpLatch;
    public SourceLatch RtcpLatch;
    public OutputState Output;

    // Input side, written by the owning worker only; read with Volatile by GetStats.
    public long RtpPacketsIn;
    public long RtpBytesIn;
    public long RtcpPacketsIn;
    public long Dropped;
    public long LastRtpTimestamp;
    /// <summary>Only written when <see cref="DetectVoice"/>.</summary>
    public long LastVoiceTimestamp;
    public uint LastInSsrc;

    /// <summary>Output totals of this slot's per-worker counters when this leg was created (slots are reused).</summary>
    public long OutPacketsBaseline;
    public long OutBytesBaseline;

    public Route? Route
    {
        get => Volatile.Read(ref _route);
        set => Volatile.Write(ref _route, value);
    }

    public long DeclaredRtp => Volatile.Read(ref _declaredRtp);

    public long DeclaredRtcp => Volatile.Read(ref _declaredRtcp);

    /// <summary>Bumped when the declared remote changes, so the owning worker re-learns (the peer moved).</summary>
    public int DeclaredVersion => Volatile.Read(ref _declaredVersion);

    public void Declare(long rtp, long rtcp)
    {
        bool changed = rtp != DeclaredRtp || rtcp != DeclaredRtcp;
        Volatile.Write(ref _declaredRtp, rtp);
        Volatile.Write(ref _declaredRtcp, rtcp);
        if (changed) Volatile.Write(ref _declaredVersion, _declaredVersion + 1);
    }

    /// <summary>Where RTP toward this leg's peer goes: the learned source, else the declared one.</summary>
    public long RtpTarget
    {
        get
        {
            long learned = RtpLatch.Learned;
            return learned != PackedEndpoint.Unknown ? learned : DeclaredRtp;
        }
    }

    /// <summary>
    /// Where RTCP goes: with one port, the RTP target (rtcp-mux); else the learned RTCP source, the
    /// declared one, or RTP port + 1 (RFC 3550 §11 convention) when only RTP is known.
    /// </summary>
    public long RtcpTarget
    {
        get
        {
            if (SinglePort) return RtpTarget;
            long learned = RtcpLatch.Learned;
            if (learned != PackedEndpoint.Unknown) return learned;
            long declared = DeclaredRtcp;
            if (declared != PackedEndpoint.Unknown) return declared;
            long rtp = RtpTarget;
            return rtp == PackedEndpoint.Unknown ? rtp : PackedEndpoint.WithPort(rtp, PackedEndpoint.Port(rtp) + 1);
        }
    }
}
