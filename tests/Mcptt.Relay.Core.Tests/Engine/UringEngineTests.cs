using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>
/// What the Uring engine must get right beyond the conformance suite: no recvmmsg/sendmmsg at all
/// (everything goes through the ring), hostile datagrams counted like the other engines count
/// them, legs freed under traffic releasing their ports (the multishot receive holds the socket
/// until cancelled), a burst larger than the provided-buffer ring, and the fallback when io_uring
/// is refused. Each engine has a private 127/8 address and port window, so ports and counts are
/// exact. Where io_uring is refused each test checks the fallback instead.
/// </summary>
public sealed class UringEngineTests
{
    [Fact]
    public void FanOut_OneToFive_GoesThroughTheRing_NoRecvmmsgOrSendmmsg()
    {
        using var f = RawEngineTests.PrivateFixture(pairs: 8, RelayEngineKind.Uring);
        using var talker = new Peer();
        var listeners = Enumerable.Range(0, 5).Select(_ => new Peer()).ToArray();
        try
        {
            var a = f.Leg(talker);
            var legs = listeners.Select(p => f.Leg(p)).ToArray();
            var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
            f.Engine.Attach(bridge, a);
            foreach (var leg in legs) f.Engine.Attach(bridge, leg, outgoingSsrc: 0x77);
            if (!Engines.UringAvailable)
            {
                AssertFellBack(f);
                return;
            }

            for (int n = 0; n < 3; n++)
            {
                var rtp = Packets.Rtp((ushort)(n + 1), 160u * (uint)n, 0xFA, payloadLength: 21 + n);
                talker.Rtp.SendTo(f.Engine.MediaAddress, a.RtpPort, rtp);
                for (int i = 0; i < listeners.Length; i++)
                {
                    var got = listeners[i].Rtp.Receive();
                    Assert.NotNull(got);
                    Assert.Equal(rtp[12..], got.Value.Data[12..]);
                    Assert.Equal(0x77u, Packets.Ssrc(got.Value.Data));
                    Assert.Equal(legs[i].RtpPort, got.Value.From.Port); // sent from the listener's own leg port
                }
            }
            Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn == 3));
            Assert.Equal(0, f.CounterSum(WorkerCounters.ReceiveCalls));
            Assert.Equal(0, f.CounterSum(WorkerCounters.SendCalls));
            Assert.True(RelayFixture.Eventually(() => legs.Sum(l => f.Engine.GetStats(l).PacketsOut) == 15),
                "every completed send is counted on its leg");
        }
        finally
        {
            foreach (var p in listeners) p.Dispose();
        }
    }

    [Fact]
    public void HostileDatagrams_Oversized_Garbage_AreCountedAndDropped_ThenMediaFlows()
    {
        using var f = RawEngineTests.PrivateFixture(pairs: 4, RelayEngineKind.Uring);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa, learn: false);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        if (!Engines.UringAvailable)
        {
            AssertFellBack(f);
            return;
        }
        var media = f.Engine.MediaAddress;
        pa.Rtp.SendTo(media, a.RtpPort, new byte[3000]);          // larger than a buffer: truncated
        pa.Rtp.SendTo(media, a.RtpPort, [0x01, 0x02, 0x03]);      // too short for RTP
        pa.Rtp.SendTo(media, a.RtpPort, Enumerable.Repeat((byte)0x11, 40).ToArray()); // version 0: not RTP
        Assert.True(RelayFixture.Eventually(() => f.Dropped("malformed") == 3), $"malformed {f.Dropped("malformed")}");
        Assert.True(pb.Rtp.ReceivesNothing(200));

        var rtp = Packets.Rtp(7, 1120, 0xA, payloadLength: 1400);
        pa.Rtp.SendTo(media, a.RtpPort, rtp);
        Assert.Equal(rtp, pb.Rtp.Receive()?.Data);
        Assert.Equal(0, f.Metric("mcptt_relay_worker_faulted{worker=\"0\"}") + f.Metric("mcptt_relay_worker_faulted{worker=\"1\"}"));
    }

    [Fact]
    public void LegsFreedUnderTraffic_ReleaseTheirPorts_AndGetNothingMore()
    {
        using var f = RawEngineTests.PrivateFixture(pairs: 16, RelayEngineKind.Uring);
        using var talker = new Peer();
        var a = f.Leg(talker);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        if (!Engines.UringAvailable)
        {
            AssertFellBack(f);
            return;
        }
        var media = f.Engine.MediaAddress;
        using var stop = new CancellationTokenSource();
        var traffic = new Thread(() =>
        {
            ushort seq = 1000;
            for (int sent = 0; sent < 200_000 && !stop.IsCancellationRequested; sent++)
            {
                talker.Rtp.SendTo(media, a.RtpPort, Packets.Rtp(seq++, 0, 0xB));
                if (sent % 64 == 0) Thread.Sleep(1);
            }
        });
        traffic.Start();
        try
        {
            for (int round = 0; round < 8; round++)
            {
                using var listener = new Peer();
                var b = f.Leg(listener);
                f.Engine.Attach(bridge, b);
                Assert.NotNull(listener.Rtp.Receive()); // relaying to it under traffic
                f.Engine.FreeLeg(b);

                // The multishot receive held its own reference to the socket: only a cancelled one lets the port go.
                using (var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
                    rebind.Bind(new IPEndPoint(media, b.RtpPort));
                while (listener.Rtp.Receive(20) is not null) { } // what was sent before the free
                Assert.True(listener.Rtp.ReceivesNothing(100));
            }
        }
        finally
        {
            stop.Cancel();
            traffic.Join();
        }
        Assert.True(f.Engine.GetStats(a).RtpPacketsIn > 0);
        Assert.Equal(0, f.Metric("mcptt_relay_worker_faulted{worker=\"0\"}") + f.Metric("mcptt_relay_worker_faulted{worker=\"1\"}"));
    }

    [Fact]
    public void BurstLargerThanTheBufferRing_IsReceivedWhole_AndRelayingGoesOn()
    {
        const int Burst = 3000; // the provided-buffer ring holds 1024
        // A socket buffer that can hold the whole burst, so what is not relayed can only be the engine's loss.
        using var f = RawEngineTests.PrivateFixture(pairs: 4, RelayEngineKind.Uring, o => o.SocketBufferBytes = 4 << 20);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        if (!Engines.UringAvailable)
        {
            AssertFellBack(f);
            return;
        }
        var media = f.Engine.MediaAddress;
        var packet = Packets.Rtp(1, 0, 0xC);
        for (int i = 0; i < Burst; i++) pa.Rtp.SendTo(media, a.RtpPort, packet);
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn == Burst, 5000),
            $"in {f.Engine.GetStats(a).RtpPacketsIn}, dropped {f.Engine.GetStats(a).Dropped}");
        Assert.Equal(0, f.Metric("mcptt_relay_worker_faulted{worker=\"0\"}") + f.Metric("mcptt_relay_worker_faulted{worker=\"1\"}"));
        while (pb.Rtp.Receive(200) is not null) { } // empty the listener's own buffer, or it drops what follows
        var after = Packets.Rtp(9, 0, 0xC);
        pa.Rtp.SendTo(media, a.RtpPort, after);
        Assert.Equal(after, pb.Rtp.Receive()?.Data);
    }

    [Fact]
    public void FanOutBurst_TwiceTheCompletionQueueInSends_AllCompleteAndAreCounted()
    {
        // 16,000 sends, twice the CQ. Whether one round gets enough of them to need the send budget
        // depends on scheduling (a worker that keeps up reaps in small rounds); either way every send
        // must complete and be counted once.
        const int Burst = 2000;
        const int Listeners = 8;
        using var f = RawEngineTests.PrivateFixture(pairs: Listeners + 2, RelayEngineKind.Uring, o =>
        {
            o.SocketBufferBytes = 4 << 20;
            o.Workers = 1;
        });
        using var talker = new Peer();
        var listeners = Enumerable.Range(0, Listeners).Select(_ => new Peer()).ToArray();
        try
        {
            var a = f.Leg(talker);
            var legs = listeners.Select(p => f.Leg(p)).ToArray();
            var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
            f.Engine.Attach(bridge, a);
            foreach (var leg in legs) f.Engine.Attach(bridge, leg);
            if (!Engines.UringAvailable)
            {
                AssertFellBack(f);
                return;
            }
            var packet = Packets.Rtp(1, 0, 0xD);
            for (int i = 0; i < Burst; i++) talker.Rtp.SendTo(f.Engine.MediaAddress, a.RtpPort, packet);
            long Settled() => legs.Sum(l => f.Engine.GetStats(l).PacketsOut) + (long)f.Dropped("send_error");
            Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn == Burst && Settled() == (long)Burst * Listeners, 10_000),
                $"in {f.Engine.GetStats(a).RtpPacketsIn}, out + send errors {Settled()}");
            Assert.Equal(0, f.Metric("mcptt_relay_worker_faulted{worker=\"0\"}"));
        }
        finally
        {
            foreach (var p in listeners) p.Dispose();
        }
    }

    [Theory]
    [InlineData(38, "needs io_uring")]                  // ENOSYS
    [InlineData(1, "io_uring_disabled")]                // EPERM
    [InlineData(22, "provided-buffer rings")]           // EINVAL: an old kernel
    [InlineData(12, "errno 12")]                        // ENOMEM: RLIMIT_MEMLOCK on old kernels
    public void WithoutIoUring_UringFallsBackToBatched_SaysWhy_AndStillRelays(int errno, string reason)
    {
        var options = new RelayOptions { Engine = RelayEngineKind.Uring, PortMin = 41000, PortMax = 44999, Workers = 1 };
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(options, metrics, () => errno);
        Assert.Equal(RelayEngineKind.Batched, engine.EngineKind);
        Assert.Equal(RelayEngineKind.Uring, engine.RequestedEngine);
        Assert.Contains(reason, engine.EngineFallbackReason);
        Assert.StartsWith("Relay:Engine=Uring", engine.EngineFallbackReason);
        Assert.Contains("mcptt_relay_engine{kind=\"batched\"} 1", metrics.Render());

        RelayFixture.AssertRelaysOneToOne(engine);
    }

    private static void AssertFellBack(RelayFixture f)
    {
        Assert.Equal(RelayEngineKind.Batched, f.Engine.EngineKind);
        Assert.StartsWith("Relay:Engine=Uring", f.Engine.EngineFallbackReason);
    }

}
