using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mcptt.Floor.Wire;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// The workers' per-packet path without the kernel: a receive batch goes through the real
/// <see cref="ForwardingPipeline"/> (classify, validate, strict source, voice detection, floor divert,
/// SSRC rewrite of RTP and RTCP) into a sender that only counts, and what was diverted to the control
/// plane is read by the floor parser as the floor controller reads it. The pipeline must not allocate.
/// Input: one control byte (bit 0: arrived on the RTCP port, bit 1: the listener gets a rewritten SSRC),
/// then up to <see cref="MaxDatagrams"/> datagrams, each "length (2 octets, big-endian) + bytes"; a length
/// past the end takes the rest.
/// </summary>
internal sealed unsafe class PipelineHarness : IDisposable
{
    public const int MaxDatagrams = 4;
    /// <summary>The relay's own SSRC toward the talker; RTCP report blocks about it get remapped (in the dictionary).</summary>
    public const uint SelfOutgoingSsrc = 0xC0DE0001;
    private const uint ListenerOutgoingSsrc = 0xC0DE0002;
    private static readonly long TalkerAddress = PackedEndpoint.Pack(0x7F000001, 20000);

    private readonly List<Socket> _sockets = [];
    private readonly PacketSlab _slab = new(MaxDatagrams);
    private readonly ReceiveBatch _batch;
    private readonly DivertRing _divert = new(MaxDatagrams * 2);
    private readonly ForwardingPipeline _pipeline;
    private readonly CountingSender _sender;
    private readonly RelayLeg _talker;
    private readonly Route _plain, _rewriting;

    public PipelineHarness()
    {
        var counters = new WorkerCounters(2);
        _pipeline = new ForwardingPipeline(counters, _divert, MaxDatagrams, Stopwatch.Frequency, 10, new SsrcRewriter.Timing(160, 8000));
        _sender = new CountingSender(counters);
        _batch = new ReceiveBatch(_slab);
        _talker = new RelayLeg(1, 0, 0, new LegOptions(DetectVoice: true), Bind(), Bind());
        _talker.Declare(TalkerAddress, PackedEndpoint.Unknown);
        var listener = new RelayLeg(2, 1, 0, new LegOptions(), Bind(), Bind());
        listener.Declare(PackedEndpoint.Pack(0x7F000001, 30000), PackedEndpoint.Unknown);
        listener.LastInSsrc = 0x5EED5EED;
        _plain = new Route([new Destination(listener, 0)], gated: false, selfOutgoingSsrc: 0);
        _rewriting = new Route([new Destination(listener, ListenerOutgoingSsrc)], gated: false, selfOutgoingSsrc: SelfOutgoingSsrc);
    }

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        byte control = input[0];
        _talker.Route = (control & 2) != 0 ? _rewriting : _plain;
        var rest = input[1..];
        int count = 0;
        while (count < MaxDatagrams && Chunks.Next(ref rest, out var datagram))
        {
            // A datagram bigger than a slot arrives truncated, and the receive path marks it so.
            bool fits = datagram.Length <= PacketSlab.SlotSize;
            if (fits) datagram.CopyTo(_slab.Span(count, datagram.Length));
            _batch.Lengths[count] = fits ? datagram.Length : ReceiveBatch.Truncated;
            _batch.Sources[count] = TalkerAddress;
            count++;
        }
        _batch.Count = count;
        _batch.ArrivalTicks = Stopwatch.GetTimestamp();
        bool onRtcp = (control & 1) != 0;
        if (ProcessAllocates(onRtcp) && ProcessAllocates(onRtcp))
            throw new FuzzFindingException("the per-packet path allocated (twice in a row, so not a one-time static initialiser)");
        DrainDiverted();
    }

    /// <summary>The workers' promise: no allocation per packet, whatever arrives.</summary>
    private bool ProcessAllocates(bool onRtcp)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        _pipeline.Process(_talker, onRtcp, _batch, _sender);
        return GC.GetAllocatedBytesForCurrentThread() != before;
    }

    /// <summary>What the floor controller does with a diverted datagram (FloorSession.Machine).</summary>
    private void DrainDiverted()
    {
        while (_divert.Peek() is { } entry)
        {
            var reader = new FloorDatagramReader(entry.Data.AsSpan(0, entry.Length));
            while (reader.TryReadNext(out var packet, out var error))
                if (error == FloorParseError.None) FloorTarget.ReadFields(packet);
            _divert.Release();
        }
        _pipeline.DivertPending = false;
    }

    private Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sockets.Add(socket);
        return socket;
    }

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
        _slab.Dispose();
    }

    /// <summary>Counts what would be sent; the header it hands out is scratch memory that lives as long as the process.</summary>
    private sealed class CountingSender(WorkerCounters counters) : PacketSender(counters)
    {
        private readonly byte* _scratch = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(PacketSlab.SlotSize);

        public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength) => _scratch;

        public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
        {
            if (headerLength + tailLength > PacketSlab.SlotSize + SsrcRewriter.RtpHeaderBytes)
                throw new FuzzFindingException($"pipeline sent {headerLength + tailLength} bytes from a slot of {PacketSlab.SlotSize}");
        }

        public override void Flush()
        {
        }
    }
}
