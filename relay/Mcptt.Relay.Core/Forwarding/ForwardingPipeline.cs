using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Io;
using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// The per-packet path of one worker, as small stages over one receive batch from one socket (or
/// one run of same-port datagrams within a mixed batch, see <see cref="ProcessRun"/>):
///   1. admit   — length/truncation, classify (RTP / RTCP / garbage), validate, strict source, count in;
///                divert floor control (diverted legs, RTCP APP "MCPT");
///   2. route   — one Volatile read of the leg's route for the whole batch (RCU snapshot), floor gate;
///   3. emit    — destination-major: for each listener, every admitted packet in order, rewritten
///                if the listener has an outgoing SSRC, handed to the sender, which batches runs
///                that leave through the same socket into one sendmmsg.
/// No allocation, no lock, no exception. Single-threaded: one instance per worker.
/// </summary>
internal sealed unsafe class ForwardingPipeline
{
    private const byte Skip = 0;
    private const byte ForwardRtp = 1;
    private const byte ForwardRtcp = 2;

    private readonly WorkerCounters _counters;
    private readonly DivertRing _divert;
    private readonly long _windowTicks;
    private readonly int _windowPackets;
    private readonly SsrcRewriter.Timing _timing;
    private readonly byte[] _actions;

    public ForwardingPipeline(WorkerCounters counters, DivertRing divert, int batchSize, long learningWindowTicks,
        int learningPackets, SsrcRewriter.Timing timing)
    {
        _counters = counters;
        _divert = divert;
        _windowTicks = learningWindowTicks;
        _windowPackets = learningPackets;
        _timing = timing;
        _actions = new byte[batchSize];
    }

    /// <summary>Set when something was queued for the control plane; the worker wakes the dispatcher once per round.</summary>
    public bool DivertPending { get; set; }

    /// <summary>A whole receive batch from one socket, sent before returning.</summary>
    public void Process(RelayLeg leg, bool onRtcpSocket, ReceiveBatch batch, PacketSender sender)
    {
        ProcessRun(leg, onRtcpSocket, batch, 0, batch.Count, sender);
        sender.Flush();
    }

    /// <summary>
    /// Datagrams [first, first + count) of the batch, all received on one port of <paramref name="leg"/>.
    /// Does not flush: a worker whose batch mixes legs (raw engine) processes every run and then
    /// sends everything with one flush. The slab must not be reused before that flush.
    /// </summary>
    public void ProcessRun(RelayLeg leg, bool onRtcpSocket, ReceiveBatch batch, int first, int count, PacketSender sender)
    {
        int end = first + count;
        int admitted = Admit(leg, onRtcpSocket, batch, first, end);
        if (admitted == 0) return;

        var route = leg.Route;
        if (route is null)
        {
            DropAdmitted(leg, DropReason.NoRoute, admitted);
            return;
        }
        if (route.Gated)
        {
            DropAdmitted(leg, DropReason.NotFloorHolder, admitted);
            return;
        }
        var targets = route.Targets;
        if (targets.Length == 0)
        {
            DropAdmitted(leg, DropReason.NoDestination, admitted);
            return;
        }

        for (int t = 0; t < targets.Length; t++)
            Emit(leg, route, targets[t], batch, first, end, sender);
    }

    private int Admit(RelayLeg leg, bool onRtcpSocket, ReceiveBatch batch, int first, int end)
    {
        int admitted = 0;
        long now = batch.ArrivalTicks;
        var actions = _actions;
        ref var latch = ref onRtcpSocket ? ref leg.RtcpLatch : ref leg.RtpLatch;
        // Only the declared host matters to the latch: an RTCP port with no declared RTCP address
        // falls back to the RTP one (same phone).
        long declared = onRtcpSocket && leg.DeclaredRtcp != PackedEndpoint.Unknown ? leg.DeclaredRtcp : leg.DeclaredRtp;
        latch.Renew(leg.DeclaredVersion);

        for (int i = first; i < end; i++)
        {
            actions[i] = Skip;
            int length = batch.Lengths[i];
            if (length < 0)
            {
                Drop(leg, length == ReceiveBatch.BadChecksum ? DropReason.BadChecksum : DropReason.Malformed);
                continue;
            }
            _counters.Add(WorkerCounters.BytesIn, length);
            var datagram = batch.Slab.Span(i, length);
            long source = batch.Sources[i];

            if (leg.Kind == LegKind.Diverted)
            {
                if (leg.LearnSource && !latch.Accept(source, declared, now, _windowTicks, _windowPackets))
                {
                    Drop(leg, DropReason.WrongSource);
                    continue;
                }
                leg.RtcpPacketsIn++; // the floor channel carries RTCP APP (TS 24.380)
                Divert(leg, source, datagram);
                continue;
            }

            var kind = PacketClassifier.Classify(datagram, onRtcpSocket, out var rtp);
            if (kind == PacketKind.Malformed)
            {
                Drop(leg, DropReason.Malformed);
                continue;
            }
            if (leg.LearnSource && !latch.Accept(source, declared, now, _windowTicks, _windowPackets))
            {
                Drop(leg, DropReason.WrongSource);
                continue;
            }

            if (kind == PacketKind.Rtp)
            {
                _counters.Increment(WorkerCounters.RtpIn);
                leg.RtpPacketsIn++;
                leg.RtpBytesIn += length;
                Volatile.Write(ref leg.LastRtpTimestamp, now);
                if (leg.DetectVoice && VoiceActivity.IsVoiced(rtp)) Volatile.Write(ref leg.LastVoiceTimestamp, now);
                Volatile.Write(ref leg.LastInSsrc, rtp.Ssrc);
                actions[i] = ForwardRtp;
            }
            else
            {
                _counters.Increment(WorkerCounters.RtcpIn);
                leg.RtcpPacketsIn++;
                if (PacketClassifier.IsMcpttFloorControl(datagram))
                {
                    Divert(leg, source, datagram);
                    continue;
                }
                actions[i] = ForwardRtcp;
            }
            admitted++;
        }
        return admitted;
    }

    private void Emit(RelayLeg source, Route route, in Destination target, ReceiveBatch batch, int first, int end, PacketSender sender)
    {
        var destination = target.Leg;
        long rtpRemote = destination.RtpTarget;
        long rtcpRemote = destination.RtcpTarget;
        uint outgoingSsrc = target.OutgoingSsrc;
        bool mapRtcp = outgoingSsrc != 0 || route.SelfOutgoingSsrc != 0;
        var actions = _actions;

        for (int i = first; i < end; i++)
        {
            byte action = actions[i];
            if (action == Skip) continue;
            bool rtcp = action == ForwardRtcp;
            long remote = rtcp ? rtcpRemote : rtpRemote;
            if (remote == PackedEndpoint.Unknown)
            {
                // A listener whose address is not known yet: counted per copy, not against the source leg.
                _counters.Drop(DropReason.NoDestination);
                continue;
            }

            byte* packet = batch.Slab[i];
            int length = batch.Lengths[i];
            if (!rtcp && outgoingSsrc != 0)
            {
                byte* header = sender.Prepare(destination, rtcp: false, SsrcRewriter.RtpHeaderBytes);
                SsrcRewriter.RewriteRtpHeader(ref destination.Output, outgoingSsrc, source.Id, packet, header,
                    batch.ArrivalTicks, _timing);
                sender.Commit(remote, SsrcRewriter.RtpHeaderBytes, packet + SsrcRewriter.RtpHeaderBytes,
                    length - SsrcRewriter.RtpHeaderBytes);
            }
            else if (rtcp && mapRtcp)
            {
                byte* copy = sender.Prepare(destination, rtcp: true, length);
                var span = new Span<byte>(copy, length);
                new ReadOnlySpan<byte>(packet, length).CopyTo(span);
                SsrcRewriter.RewriteRtcp(span, outgoingSsrc, route.SelfOutgoingSsrc, Volatile.Read(ref destination.LastInSsrc));
                sender.Commit(remote, length, null, 0);
            }
            else
            {
                sender.Prepare(destination, rtcp, 0);
                sender.Commit(remote, 0, packet, length);
            }
        }
    }

    private void Divert(RelayLeg leg, long source, ReadOnlySpan<byte> datagram)
    {
        if (_divert.TryEnqueue(leg, source, datagram))
        {
            _counters.Increment(WorkerCounters.Diverted);
            DivertPending = true;
        }
        else
        {
            Drop(leg, DropReason.DivertQueueFull);
        }
    }

    private void DropAdmitted(RelayLeg leg, DropReason reason, int count)
    {
        _counters.Drop(reason, count);
        Volatile.Write(ref leg.Dropped, leg.Dropped + count);
    }

    private void Drop(RelayLeg leg, DropReason reason)
    {
        _counters.Drop(reason);
        Volatile.Write(ref leg.Dropped, leg.Dropped + 1);
    }
}
