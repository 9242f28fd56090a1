using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>
/// What only the raw engine does: one sendmmsg per fan-out, its own IP/UDP headers, the checks the
/// kernel's UDP layer would have made, and the fallback without CAP_NET_RAW. Each test's engine has a
/// media address of its own in 127/8, so no other traffic on the host reaches its raw socket and the
/// counts are exact. Without CAP_NET_RAW each test checks the fallback instead.
/// </summary>
public sealed class RawEngineTests
{
    [Fact]
    public void FanOut_OneToFive_IsOneSendmmsg_FromEachListenersOwnPort()
    {
        using var f = PrivateFixture(pairs: 8);
        using var talker = new Peer();
        var listeners = Enumerable.Range(0, 5).Select(_ => new Peer()).ToArray();
        try
        {
            var a = f.Leg(talker);
            var legs = listeners.Select(p => f.Leg(p)).ToArray();
            var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
            f.Engine.Attach(bridge, a);
            foreach (var leg in legs) f.Engine.Attach(bridge, leg, outgoingSsrc: 0);

            long sendsBefore = f.CounterSum(WorkerCounters.SendCalls);
            var rtp = Packets.Rtp(1, 160, 0xFA);
            talker.Rtp.SendTo(f.Engine.MediaAddress, a.RtpPort, rtp);
            for (int i = 0; i < listeners.Length; i++)
            {
                var got = listeners[i].Rtp.Receive();
                Assert.NotNull(got);
                Assert.Equal(rtp, got.Value.Data);
                Assert.Equal(legs[i].RtpPort, got.Value.From.Port);
            }
            Assert.True(RelayFixture.Eventually(() => f.Metric("mcptt_relay_packets_total{kind=\"rtp\",dir=\"out\"}") == 5));
            // Raw: one sendmmsg carries all five copies. Batched (the fallback) needs one per listener socket.
            Assert.Equal(Engines.RawAvailable ? 1 : 5, f.CounterSum(WorkerCounters.SendCalls) - sendsBefore);
        }
        finally
        {
            foreach (var p in listeners) p.Dispose();
        }
    }

    [Fact]
    public void SentDatagrams_HaveTheLegsSourcePort_Ttl64_DontFragment_AndAChecksumThatVerifies()
    {
        using var f = PrivateFixture(pairs: 4);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a, 0x1111);
        f.Engine.Attach(bridge, b, 0x2222); // rewritten: header from the arena, tail from the slab
        if (!Engines.RawAvailable)
        {
            AssertFellBack(f);
            return;
        }

        using var rtpCapture = new RawCapture(pb.Rtp.EndPoint.Port);
        using var rtcpCapture = new RawCapture(pb.Rtcp.EndPoint.Port);
        foreach (int payload in new[] { 21, 160 }) // odd and even tails
        {
            pa.Rtp.SendTo(f.Engine.MediaAddress, a.RtpPort, Packets.Rtp(7, 1000, 0xAAAA, payloadLength: payload));
            var sent = rtpCapture.Next();
            Assert.NotNull(sent);
            Assert.True(RawIp.UdpChecksumVerifies(sent), $"UDP checksum of a {payload}-byte payload copy: {Convert.ToHexString(sent)}");
            Assert.Equal(b.RtpPort, BinaryPrimitives.ReadUInt16BigEndian(sent.AsSpan(20)));
            Assert.Equal(64, sent[8]);
            Assert.Equal(0x4000, BinaryPrimitives.ReadUInt16BigEndian(sent.AsSpan(6)) & 0x4000);
            Assert.Equal(0x2222u, Packets.Ssrc(sent[28..]));
            Assert.NotNull(pb.Rtp.Receive());
        }

        // RTCP is copied whole into the arena and rewritten there.
        pa.Rtcp.SendTo(f.Engine.MediaAddress, a.RtcpPort, Packets.SenderReportCompound(0xAAAA, 0x1111));
        var rtcp = rtcpCapture.Next();
        Assert.NotNull(rtcp);
        Assert.True(RawIp.UdpChecksumVerifies(rtcp));
        Assert.Equal(b.RtcpPort, BinaryPrimitives.ReadUInt16BigEndian(rtcp.AsSpan(20)));
    }

    /// <summary>
    /// A raw socket receives every UDP datagram on the host until its filter is attached; what it
    /// queued in that window must not reach the worker (seen in CI as stray unknown_port drops while
    /// another process was busy on loopback).
    /// </summary>
    [Fact]
    public void HostTraffic_QueuedBeforeTheFilterIsAttached_IsNeverProcessed()
    {
        if (!Engines.RawAvailable)
        {
            using var fallback = PrivateFixture(pairs: 2);
            AssertFellBack(fallback);
            return;
        }
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        // An address no fixture uses, so parallel tests' filters reject the noise.
        sink.Bind(new IPEndPoint(IPAddress.Parse("127.77.0.1"), 0));
        using var noise = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = sink.LocalEndPoint!;
        var payload = new byte[64];
        using var stop = new CancellationTokenSource();
        var sender = new Thread(() =>
        {
            while (!stop.IsCancellationRequested) noise.SendTo(payload, target);
        }) { IsBackground = true };
        sender.Start();
        try
        {
            for (int i = 0; i < 10; i++)
            {
                using var f = PrivateFixture(pairs: 2);
                Thread.Sleep(50);
                double stray = f.Dropped("unknown_port") + f.Dropped("malformed") + f.Dropped("bad_checksum");
                Assert.True(stray == 0, $"engine {i}: {stray} datagrams of other traffic were processed");
            }
        }
        finally
        {
            stop.Cancel();
            sender.Join();
        }
    }

    [Fact]
    public void HostileDatagrams_LyingLengths_BadChecksums_ShortHeaders_UnownedPorts_AreCountedAndDropped()
    {
        using var f = PrivateFixture(pairs: 4);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa, learn: false);
        var b = f.Leg(pb);
        var muxed = f.Leg(new LegOptions(SinglePort: true)); // its odd port belongs to no leg
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        if (!Engines.RawAvailable)
        {
            AssertFellBack(f);
            return;
        }

        int from = pa.Rtp.EndPoint.Port;
        var media = f.Engine.MediaAddress;
        var rtp = Packets.Rtp(1, 160, 0xBAD);
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, rtp, udpLengthOverride: 8 + rtp.Length + 10, to: media)); // claims more than arrived
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, rtp, udpLengthOverride: 8 + rtp.Length - 4, to: media));  // claims less
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, rtp, corrupt: true, to: media));                          // bad checksum
        var shortHeader = RawIp.Datagram(from, a.RtpPort, [], checksum: false, to: media)[..26];             // no UDP checksum field
        RawIp.Send(shortHeader);
        for (int i = 0; i < 3; i++) RawIp.Send(RawIp.Datagram(from, muxed.RtpPort + 1, rtp, to: media));      // no leg there
        RawIp.Send(RawIp.WithIpOptions(RawIp.Datagram(from, a.RtpPort, rtp, to: media)));                     // 24-byte IP header

        Assert.True(RelayFixture.Eventually(() => f.Dropped("malformed") == 4 && f.Dropped("bad_checksum") == 1 && f.Dropped("unknown_port") == 3),
            $"malformed {f.Dropped("malformed")}, bad_checksum {f.Dropped("bad_checksum")}, unknown_port {f.Dropped("unknown_port")}");
        Assert.True(pb.Rtp.ReceivesNothing(200));
        Assert.Equal(3, f.Engine.GetStats(a).Dropped); // the short and the optioned ones are counted before a leg is known
        Assert.Equal(0, f.Engine.GetStats(a).RtpPacketsIn);

        // Well-formed crafted datagrams pass: a full checksum and no checksum at all.
        var full = Packets.Rtp(2, 320, 0xA);
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, full, to: media));
        Assert.Equal(full, pb.Rtp.Receive()?.Data);
        var unchecked_ = Packets.Rtp(3, 480, 0xA);
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, unchecked_, checksum: false, to: media));
        Assert.Equal(unchecked_, pb.Rtp.Receive()?.Data);
        Assert.Equal(0, f.Metric("mcptt_relay_worker_faulted{worker=\"0\"}") + f.Metric("mcptt_relay_worker_faulted{worker=\"1\"}"));
    }

    [Theory]
    [InlineData(1, "needs CAP_NET_RAW")]   // EPERM
    [InlineData(13, "needs CAP_NET_RAW")]  // EACCES
    [InlineData(97, "errno 97")]           // EAFNOSUPPORT: a sandbox without raw sockets at all
    public void WithoutRawSockets_RawFallsBackToBatched_SaysWhy_AndStillRelays(int errno, string reason)
    {
        var options = new RelayOptions { Engine = RelayEngineKind.Raw, PortMin = 41000, PortMax = 44999, Workers = 1 };
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(options, metrics, () => errno);
        Assert.Equal(RelayEngineKind.Batched, engine.EngineKind);
        Assert.Equal(RelayEngineKind.Raw, engine.RequestedEngine);
        Assert.Contains(reason, engine.EngineFallbackReason);
        Assert.StartsWith("Relay:Engine=Raw", engine.EngineFallbackReason);
        Assert.Contains("mcptt_relay_engine{kind=\"batched\"} 1", metrics.Render());
        Assert.DoesNotContain("kind=\"raw\"", metrics.Render());

        RelayFixture.AssertRelaysOneToOne(engine);
    }

    [Fact]
    public void RawRequested_WithTheCapability_RunsRaw_AndOtherEnginesReportNoFallback()
    {
        using var batched = new RelayEngine(new RelayOptions { Engine = RelayEngineKind.Batched, PortMin = 41000, PortMax = 44999, Workers = 1 },
            new MetricsRegistry(), () => throw new InvalidOperationException("the probe is only for Raw"));
        Assert.Null(batched.EngineFallbackReason);
        using var raw = new RelayEngine(new RelayOptions { Engine = RelayEngineKind.Raw, PortMin = 41000, PortMax = 44999, Workers = 1 },
            new MetricsRegistry());
        Assert.Equal(Engines.RawAvailable ? RelayEngineKind.Raw : RelayEngineKind.Batched, raw.EngineKind);
        Assert.Equal(Engines.RawAvailable, raw.EngineFallbackReason is null);
    }

    private static void AssertFellBack(RelayFixture f)
    {
        Assert.Equal(RelayEngineKind.Batched, f.Engine.EngineKind);
        Assert.Contains("CAP_NET_RAW", f.Engine.EngineFallbackReason);
    }


    /// <summary>
    /// A Raw (or PacketRing) engine on a media address of its own in 127/8 (its kernel filter then sees only
    /// this test's datagrams, not the host's other loopback traffic) and a free window of 2*pairs ports.
    /// </summary>
    internal static RelayFixture PrivateFixture(int pairs, RelayEngineKind kind = RelayEngineKind.Raw, Action<RelayOptions>? configure = null)
    {
        var random = new Random();
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var address = new IPAddress([127, 42, (byte)random.Next(1, 255), (byte)random.Next(1, 255)]);
            int start = 20000 + 2 * random.Next(0, 4900);
            if (!WindowFree(address, start, 2 * pairs)) continue;
            return new RelayFixture(kind, o =>
            {
                o.MediaAddress = address;
                o.PortMin = start;
                o.PortMax = start + 2 * pairs - 1;
                configure?.Invoke(o);
            });
        }
        throw new InvalidOperationException("no free port window");
    }

    private static bool WindowFree(IPAddress address, int start, int size)
    {
        var sockets = new List<Socket>();
        try
        {
            for (int p = start; p < start + size; p++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sockets.Add(s);
                s.Bind(new IPEndPoint(address, p));
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
    }
}
