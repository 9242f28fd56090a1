using System.Globalization;
using System.Net;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Core.Tests.Support;

/// <summary>An engine on 127.0.0.1 plus helpers; ports already taken by parallel tests are skipped by the allocator.</summary>
internal sealed class RelayFixture : IDisposable
{
    public RelayFixture(RelayEngineKind kind, Action<RelayOptions>? configure = null)
    {
        var options = new RelayOptions
        {
            Engine = kind,
            PortMin = 41000,
            PortMax = 44999,
            Workers = 2,
            LearningWindow = TimeSpan.FromSeconds(3),
        };
        configure?.Invoke(options);
        Metrics = new MetricsRegistry();
        Engine = new RelayEngine(options, Metrics);
        if (kind is RelayEngineKind.Raw or RelayEngineKind.PacketRing)
        {
            // Without CAP_NET_RAW the suite runs on the fallback; either way the choice must be truthful.
            bool available = kind == RelayEngineKind.Raw ? Engines.RawAvailable : Engines.PacketRingAvailable;
            Assert.Equal(available ? kind : RelayEngineKind.Batched, Engine.EngineKind);
            Assert.Equal(available, Engine.EngineFallbackReason is null);
            Assert.Equal(1, Metric($"mcptt_relay_engine{{kind=\"{Engine.EngineKind.ToString().ToLowerInvariant()}\"}}"));
        }
        else if (kind == RelayEngineKind.Uring)
        {
            Assert.Equal(Engines.UringAvailable ? kind : RelayEngineKind.Batched, Engine.EngineKind);
            Assert.Equal(Engines.UringAvailable, Engine.EngineFallbackReason is null);
        }
    }

    public RelayEngine Engine { get; }
    public MetricsRegistry Metrics { get; }

    public LegHandle Leg(LegOptions? options = null) =>
        Engine.AllocateLeg(options ?? new LegOptions()) ?? throw new InvalidOperationException("port range exhausted");

    /// <summary>A leg whose peer is declared up front (plain SDP behaviour).</summary>
    public LegHandle Leg(Peer peer, bool learn = true)
    {
        var leg = Leg(new LegOptions(LearnSource: learn));
        Engine.SetRemote(leg, peer.Rtp.EndPoint, peer.Rtcp.EndPoint);
        return leg;
    }

    public double Metric(string series)
    {
        foreach (var line in Metrics.Render().Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line.AsSpan(series.Length + 1), CultureInfo.InvariantCulture);
        throw new KeyNotFoundException(series);
    }

    /// <summary>A worker counter (WorkerCounters index) summed over all workers.</summary>
    public long CounterSum(int counter)
    {
        long total = 0;
        foreach (var counters in Engine.Counters) total += counters.Read(counter);
        return total;
    }

    /// <summary>Two legs bridged on <paramref name="engine"/>: one RTP packet from the first peer reaches the second unchanged.</summary>
    public static void AssertRelaysOneToOne(RelayEngine engine)
    {
        using var pa = new Peer();
        using var pb = new Peer();
        var a = engine.AllocateLeg(new LegOptions())!.Value;
        var b = engine.AllocateLeg(new LegOptions())!.Value;
        engine.SetRemote(a, pa.RtpEndPoint, pa.Rtcp.EndPoint);
        engine.SetRemote(b, pb.RtpEndPoint, pb.Rtcp.EndPoint);
        var bridge = engine.CreateBridge(BridgeMode.AllToOthers);
        engine.Attach(bridge, a);
        engine.Attach(bridge, b);
        var rtp = Packets.Rtp(1, 1, 1);
        pa.Rtp.SendTo(a.RtpPort, rtp);
        Assert.Equal(rtp, pb.Rtp.Receive()?.Data);
    }

    public double Dropped(string reason) => Metric($"mcptt_relay_dropped_total{{reason=\"{reason}\"}}");

    /// <summary>Waits (bounded) for an asynchronously updated value to satisfy a condition.</summary>
    public static bool Eventually(Func<bool> condition, int timeoutMs = 3000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(5);
        }
        return condition();
    }

    public void Dispose() => Engine.Dispose();
}

/// <summary>A phone's media endpoint pair (RTP + RTCP sockets).</summary>
internal sealed class Peer(string address = "127.0.0.1") : IDisposable
{
    public UdpPeer Rtp { get; } = new(address);
    public UdpPeer Rtcp { get; } = new(address);

    public IPEndPoint RtpEndPoint => Rtp.EndPoint;

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }
}

public static class Engines
{
    public static TheoryData<RelayEngineKind> All
    {
        get
        {
            var data = new TheoryData<RelayEngineKind> { RelayEngineKind.Portable };
            if (OperatingSystem.IsLinux())
            {
                data.Add(RelayEngineKind.Batched);
                data.Add(RelayEngineKind.Raw); // falls back to Batched without CAP_NET_RAW (the fixture checks which)
                data.Add(RelayEngineKind.PacketRing); // likewise
                data.Add(RelayEngineKind.Uring); // falls back to Batched where io_uring is refused (the fixture checks which)
            }
            return data;
        }
    }

    /// <summary>Whether this test process may open raw sockets (root or CAP_NET_RAW), asked of the engine's own probe.</summary>
    public static bool RawAvailable { get; } = Mcptt.Relay.Core.Io.Raw.RawSockets.Probe() == 0;

    /// <summary>Whether this test process may open AF_PACKET and raw sockets, asked of the PacketRing engine's own probe.</summary>
    public static bool PacketRingAvailable { get; } = Mcptt.Relay.Core.Io.PacketRing.PacketSockets.Probe() == 0;

    /// <summary>Whether this kernel and process can run the Uring engine, asked of the engine's own probe.</summary>
    public static bool UringAvailable { get; } = Mcptt.Relay.Core.Io.Uring.UringSupport.Probe() == 0;
}
