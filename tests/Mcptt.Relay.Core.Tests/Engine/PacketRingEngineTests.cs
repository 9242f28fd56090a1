using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>
/// What the PacketRing engine adds to the Raw engine's behaviour: receiving from an AF_PACKET ring
/// (no receive syscalls), the IP layer's checks it makes itself, host traffic never taken for media,
/// and the fallback without CAP_NET_RAW. Each engine has a private 127/8 media address (see
/// RawEngineTests.PrivateFixture), so the counts are exact. Without the capability each test checks
/// the fallback instead.
/// </summary>
public sealed class PacketRingEngineTests
{
    [Fact]
    public void FanOut_OneToFive_IsOneSendmmsg_AndNoReceiveSyscall()
    {
        using var f = RawEngineTests.PrivateFixture(pairs: 8, RelayEngineKind.PacketRing);
        using var talker = new Peer();
        var listeners = Enumerable.Range(0, 5).Select(_ => new Peer()).ToArray();
        try
        {
            var a = f.Leg(talker);
            var legs = listeners.Select(p => f.Leg(p)).ToArray();
            var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
            f.Engine.Attach(bridge, a);
            foreach (var leg in legs) f.Engine.Attach(bridge, leg, outgoingSsrc: 0x77);
            if (!Engines.PacketRingAvailable)
            {
                AssertFellBack(f);
                return;
            }

            long sendsBefore = f.CounterSum(WorkerCounters.SendCalls);
            for (int n = 0; n < 3; n++)
            {
                var rtp = Packets.Rtp((ushort)(n + 1), 160u * (uint)n, 0xFA, payloadLength: 21 + n); // odd and even payloads
                talker.Rtp.SendTo(f.Engine.MediaAddress, a.RtpPort, rtp);
                for (int i = 0; i < listeners.Length; i++)
                {
                    var got = listeners[i].Rtp.Receive();
                    Assert.NotNull(got); // the kernel's UDP layer verified the checksum RawSender wrote
                    Assert.Equal(rtp[12..], got.Value.Data[12..]);
                    Assert.Equal(0x77u, Packets.Ssrc(got.Value.Data));
                    Assert.Equal(legs[i].RtpPort, got.Value.From.Port);
                }
                Assert.True(RelayFixture.Eventually(() => f.CounterSum(WorkerCounters.SendCalls) - sendsBefore == n + 1));
            }
            Assert.Equal(0, f.CounterSum(WorkerCounters.ReceiveCalls)); // frames are read from the mapped ring
            Assert.Equal(3, f.Engine.GetStats(a).RtpPacketsIn);
            Assert.Equal(0, f.Dropped("ring_overflow"));
        }
        finally
        {
            foreach (var p in listeners) p.Dispose();
        }
    }

    [Fact]
    public void HostileDatagrams_LyingLengths_BadChecksums_ShortHeaders_IpOptions_UnownedPorts_AreCountedAndDropped()
    {
        using var f = RawEngineTests.PrivateFixture(pairs: 4, RelayEngineKind.PacketRing);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa, learn: false);
        var b = f.Leg(pb);
        var muxed = f.Leg(new LegOptions(SinglePort: true));
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        if (!Engines.PacketRingAvailable)
        {
            AssertFellBack(f);
            return;
        }

        int from = pa.Rtp.EndPoint.Port;
        var media = f.Engine.MediaAddress;
        var rtp = Packets.Rtp(1, 160, 0xBAD);
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, rtp, udpLengthOverride: 8 + rtp.Length + 10, to: media)); // claims more than arrived
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, rtp, udpLengthOverride: 8 + rtp.Length - 4, to: media));  // claims less
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, rtp, corrupt: true, to: media));                          // bad UDP checksum, not CHECKSUM_PARTIAL
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, [], checksum: false, to: media)[..26]);                   // no room for a UDP header
        for (int i = 0; i < 3; i++) RawIp.Send(RawIp.Datagram(from, muxed.RtpPort + 1, rtp, to: media));      // no leg there
        RawIp.Send(RawIp.WithIpOptions(RawIp.Datagram(from, a.RtpPort, rtp, to: media)));                     // 24-byte IP header
        RawIp.Send(RawIp.Datagram(from, a.RtpPort, new byte[2100], to: media));                               // longer than a ring frame

        Assert.True(RelayFixture.Eventually(() => f.Dropped("malformed") == 5 && f.Dropped("bad_checksum") == 1 && f.Dropped("unknown_port") == 3),
            $"malformed {f.Dropped("malformed")}, bad_checksum {f.Dropped("bad_checksum")}, unknown_port {f.Dropped("unknown_port")}");
        Assert.True(pb.Rtp.ReceivesNothing(200));
        Assert.Equal(4, f.Engine.GetStats(a).Dropped); // two lying lengths, the checksum and the cut one; the others have no leg yet
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

    /// <summary>
    /// A packet socket sees packets before ip_rcv, so the worker makes the IP layer's checks itself.
    /// Packets put on lo through AF_PACKET arrive exactly as written (IPPROTO_RAW would fix the header).
    /// </summary>
    [Fact]
    public void PacketsTheIpLayerWouldDrop_AreCountedAsMalformed_AndEthernetPaddingIsIgnored()
    {
        using var f = RawEngineTests.PrivateFixture(pairs: 4, RelayEngineKind.PacketRing);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa, learn: false);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        if (!Engines.PacketRingAvailable)
        {
            AssertFellBack(f);
            return;
        }

        int from = pa.Rtp.EndPoint.Port;
        var media = f.Engine.MediaAddress;
        byte[] Valid(ushort seq) => PacketInjector.WithHeaderChecksum(RawIp.Datagram(from, a.RtpPort, Packets.Rtp(seq, 0, 0x5EED), to: media));

        var badHeaderChecksum = Valid(1);
        badHeaderChecksum[11] ^= 0x5A;
        PacketInjector.Send(badHeaderChecksum);
        var longerThanArrived = Valid(2);
        BinaryPrimitives.WriteUInt16BigEndian(longerThanArrived.AsSpan(2), (ushort)(longerThanArrived.Length + 8));
        PacketInjector.Send(PacketInjector.WithHeaderChecksum(longerThanArrived));
        var notVersion4 = Valid(3);
        notVersion4[0] = 0x65;
        PacketInjector.Send(PacketInjector.WithHeaderChecksum(notVersion4));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("malformed") == 3), $"malformed {f.Dropped("malformed")}");
        Assert.True(pb.Rtp.ReceivesNothing(200));

        // Trailing bytes beyond the IP total length (a short frame padded to Ethernet's minimum) are not the datagram's.
        var padded = Valid(4);
        var expected = padded[28..];
        PacketInjector.Send([.. padded, .. new byte[18]]);
        Assert.Equal(expected, pb.Rtp.Receive()?.Data);
        Assert.Equal(3, f.Dropped("malformed"));
        Assert.Equal(0, f.Dropped("bad_checksum"));
    }

    /// <summary>
    /// Loopback traffic to other addresses, before and while legs are added and used, must never reach
    /// the workers: the socket is bound (starts receiving) only after its filter is attached.
    /// </summary>
    [Fact]
    public void HostTraffic_BeforeAndWhileLegsAreAdded_IsNeverTakenForMedia()
    {
        if (!Engines.PacketRingAvailable)
        {
            using var fallback = RawEngineTests.PrivateFixture(pairs: 2, RelayEngineKind.PacketRing);
            AssertFellBack(fallback);
            return;
        }
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Parse("127.78.0.1"), 0)); // an address no fixture uses
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
            for (int i = 0; i < 5; i++)
            {
                using var f = RawEngineTests.PrivateFixture(pairs: 2, RelayEngineKind.PacketRing);
                using var pa = new Peer();
                using var pb = new Peer();
                var a = f.Leg(pa);
                var b = f.Leg(pb);
                var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
                f.Engine.Attach(bridge, a);
                f.Engine.Attach(bridge, b);
                var rtp = Packets.Rtp((ushort)i, 0, 0xC0FFEE);
                pa.Rtp.SendTo(f.Engine.MediaAddress, a.RtpPort, rtp);
                Assert.Equal(rtp, pb.Rtp.Receive()?.Data);
                double stray = f.Dropped("unknown_port") + f.Dropped("malformed") + f.Dropped("bad_checksum") + f.Dropped("wrong_source");
                Assert.True(stray == 0, $"engine {i}: {stray} datagrams of other traffic were processed");
                Assert.Equal(1, f.Metric("mcptt_relay_packets_total{kind=\"rtp\",dir=\"in\"}"));
            }
        }
        finally
        {
            stop.Cancel();
            sender.Join();
        }
    }

    [Theory]
    [InlineData(1, "needs CAP_NET_RAW")]   // EPERM
    [InlineData(13, "needs CAP_NET_RAW")]  // EACCES
    [InlineData(97, "errno 97")]           // EAFNOSUPPORT: a sandbox without packet sockets
    public void WithoutTheCapability_PacketRingFallsBackToBatched_SaysWhy_AndStillRelays(int errno, string reason)
    {
        var options = new RelayOptions { Engine = RelayEngineKind.PacketRing, PortMin = 41000, PortMax = 44999, Workers = 1 };
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(options, metrics, () => errno);
        Assert.Equal(RelayEngineKind.Batched, engine.EngineKind);
        Assert.Equal(RelayEngineKind.PacketRing, engine.RequestedEngine);
        Assert.StartsWith("Relay:Engine=PacketRing", engine.EngineFallbackReason);
        Assert.Contains(reason, engine.EngineFallbackReason);
        Assert.Contains("mcptt_relay_engine{kind=\"batched\"} 1", metrics.Render());
        Assert.DoesNotContain("kind=\"packetring\"", metrics.Render());

        RelayFixture.AssertRelaysOneToOne(engine);
    }

    [Fact]
    public void PacketRingRequested_WithTheCapability_RunsPacketRing_AndExportsItsKindAndDropReason()
    {
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(new RelayOptions { Engine = RelayEngineKind.PacketRing, PortMin = 41000, PortMax = 44999, Workers = 1 }, metrics);
        Assert.Equal(Engines.PacketRingAvailable ? RelayEngineKind.PacketRing : RelayEngineKind.Batched, engine.EngineKind);
        Assert.Equal(Engines.PacketRingAvailable, engine.EngineFallbackReason is null);
        var text = metrics.Render();
        Assert.Contains($"mcptt_relay_engine{{kind=\"{(Engines.PacketRingAvailable ? "packetring" : "batched")}\"}} 1", text);
        Assert.Contains("mcptt_relay_dropped_total{reason=\"ring_overflow\"} 0", text);
    }

    private static void AssertFellBack(RelayFixture f)
    {
        Assert.Equal(RelayEngineKind.Batched, f.Engine.EngineKind);
        Assert.Contains("CAP_NET_RAW", f.Engine.EngineFallbackReason);
    }

}
