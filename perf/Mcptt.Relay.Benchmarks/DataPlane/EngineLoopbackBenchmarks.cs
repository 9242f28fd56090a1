using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Benchmarks.DataPlane;

/// <summary>
/// End to end through a running engine on 127.0.0.1: a client sends a burst of RTP packets to leg A,
/// the relay forwards them out of leg B, the client receives them all. Reported per packet. The
/// client's own syscalls (one send + one receive per packet) are included, so this is a lower bound
/// of what the relay sustains; compare engines with it, and read the relay's batching factor
/// (packets per recvmmsg/sendmmsg) printed at cleanup from mcptt_relay_io_calls_total.
/// </summary>
[MemoryDiagnoser]
public class EngineLoopbackBenchmarks
{
    private const int Burst = 64;

    private RelayEngine _engine = null!;
    private MetricsRegistry _metrics = null!;
    private Socket _sender = null!;
    private Socket _receiver = null!;
    private SocketAddress _relayA = null!;
    private readonly SocketAddress _from = new(AddressFamily.InterNetwork);
    private readonly byte[] _packet = new byte[12 + 160];
    private readonly byte[] _buffer = new byte[2048];
    private ushort _seq;

    [Params(RelayEngineKind.Batched, RelayEngineKind.Portable, RelayEngineKind.Raw)] // Raw falls back to Batched without CAP_NET_RAW
    public RelayEngineKind Engine { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new MetricsRegistry();
        _engine = new RelayEngine(new RelayOptions { Engine = Engine, PortMin = 47000, PortMax = 47999, Workers = 1 }, _metrics);
        _sender = Bind();
        _receiver = Bind();
        _receiver.ReceiveTimeout = 1000;
        _receiver.ReceiveBufferSize = 1 << 20;
        var a = _engine.AllocateLeg(new LegOptions()) ?? throw new InvalidOperationException("no ports");
        var b = _engine.AllocateLeg(new LegOptions()) ?? throw new InvalidOperationException("no ports");
        _engine.SetRemote(a, (IPEndPoint)_sender.LocalEndPoint!, null);
        _engine.SetRemote(b, (IPEndPoint)_receiver.LocalEndPoint!, null);
        var bridge = _engine.CreateBridge(BridgeMode.AllToOthers);
        _engine.Attach(bridge, a);
        _engine.Attach(bridge, b);
        _relayA = new IPEndPoint(IPAddress.Loopback, a.RtpPort).Serialize();
        _packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x5EED);
        if (BurstThroughRelay() != Burst) throw new InvalidOperationException("the relay did not forward the priming burst");
    }

    [Benchmark(OperationsPerInvoke = Burst)]
    public int BurstThroughRelay()
    {
        for (int i = 0; i < Burst; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _seq++);
            _sender.SendTo(_packet, SocketFlags.None, _relayA);
        }
        int received = 0;
        try
        {
            while (received < Burst)
            {
                _receiver.ReceiveFrom(_buffer, SocketFlags.None, _from);
                received++;
            }
        }
        catch (SocketException)
        {
            // timed out: a loss; the count returned shows it
        }
        return received;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var text = _metrics.Render();
        double packetsIn = Read(text, "mcptt_relay_packets_total{kind=\"rtp\",dir=\"in\"}");
        double recvCalls = Read(text, "mcptt_relay_io_calls_total{op=\"recv\"}");
        double sendCalls = Read(text, "mcptt_relay_io_calls_total{op=\"send\"}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// relay {Engine}: {packetsIn} packets, {packetsIn / Math.Max(1, recvCalls):F1} per receive call, {packetsIn / Math.Max(1, sendCalls):F1} per send call"));
        _engine.Dispose();
        _sender.Dispose();
        _receiver.Dispose();
    }

    private static double Read(string text, string series)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line.AsSpan(series.Length + 1), CultureInfo.InvariantCulture);
        return 0;
    }

    private static Socket Bind()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return s;
    }
}
