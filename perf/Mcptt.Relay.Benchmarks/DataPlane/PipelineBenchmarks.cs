using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io;

namespace Mcptt.Relay.Benchmarks.DataPlane;

/// <summary>
/// The per-packet data path without the kernel: admit (classify + validate + strict source) →
/// route lookup (one Volatile read per batch) → rewrite → hand-off to the sender, for a batch of
/// 32 RTP packets as recvmmsg would deliver it. Reported per packet (OperationsPerInvoke).
/// Listeners: 1 = a private call; 10 = a group call fan-out.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Batch = 32;

    private readonly List<Socket> _sockets = new();
    private PacketSlab _slab = null!;
    private ReceiveBatch _batch = null!;
    private ForwardingPipeline _pipeline = null!;
    private NullSender _sender = null!;
    private RelayLeg _talker = null!;
    private byte[] _template = null!;

    [Params(1, 10)]
    public int Listeners { get; set; }

    [Params(false, true)]
    public bool RewriteSsrc { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int legs = Listeners + 1;
        var counters = new WorkerCounters(legs);
        _pipeline = new ForwardingPipeline(counters, new DivertRing(16), Batch, Stopwatch.Frequency * 3, 10,
            new SsrcRewriter.Timing(160, 8000));
        _sender = new NullSender(counters);
        var members = new RelayLeg[legs];
        for (int i = 0; i < legs; i++)
        {
            var rtp = Bind();
            var rtcp = Bind();
            members[i] = new RelayLeg(i + 1, i, 0, new LegOptions(), rtp, rtcp);
            members[i].Declare(PackedEndpoint.Pack(0x7F000001, (ushort)(20000 + 2 * i)), PackedEndpoint.Unknown);
        }
        _talker = members[0];
        var targets = new Destination[Listeners];
        for (int i = 0; i < Listeners; i++) targets[i] = new Destination(members[i + 1], RewriteSsrc ? 0xC0DE0000u + (uint)i : 0);
        _talker.Route = new Route(targets, gated: false, selfOutgoingSsrc: 0);

        _slab = new PacketSlab(Batch);
        _batch = new ReceiveBatch(_slab);
        _template = new byte[12 + 160]; // G.711 20 ms
        _template[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(_template.AsSpan(8), 0x11223344);
        long source = PackedEndpoint.Pack(0x7F000001, 20000);
        for (int i = 0; i < Batch; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_template.AsSpan(2), (ushort)i);
            BinaryPrimitives.WriteUInt32BigEndian(_template.AsSpan(4), (uint)i * 160);
            _template.CopyTo(_slab.Span(i, _template.Length));
            _batch.Lengths[i] = _template.Length;
            _batch.Sources[i] = source;
        }
        _batch.Count = Batch;

        ProcessBatch();
        if (counters.Read(WorkerCounters.RtpOut) != Batch * Listeners)
            throw new InvalidOperationException("pipeline did not forward the benchmark batch");
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long ProcessBatch()
    {
        _batch.ArrivalTicks = Stopwatch.GetTimestamp();
        _pipeline.Process(_talker, onRtcpSocket: false, _batch, _sender);
        return _sender.Bytes;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var s in _sockets) s.Dispose();
        _slab.Dispose();
    }

    private Socket Bind()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sockets.Add(s);
        return s;
    }
}
