using System.Net;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>One functional suite run against every engine, over real sockets on 127.0.0.1.</summary>
public sealed class RelayConformanceTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void OneToOne_RelaysRtpAndRtcp_BothDirections_FromTheOtherLegsPorts(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);

        var rtp = Packets.Rtp(7, 1000, 0xA1A1A1A1);
        pa.Rtp.SendTo(a.RtpPort, rtp);
        var got = pb.Rtp.Receive();
        Assert.NotNull(got);
        Assert.Equal(rtp, got.Value.Data);
        Assert.Equal(b.RtpPort, got.Value.From.Port);

        var rtpBack = Packets.Rtp(9, 2000, 0xB2B2B2B2);
        pb.Rtp.SendTo(b.RtpPort, rtpBack);
        var back = pa.Rtp.Receive();
        Assert.NotNull(back);
        Assert.Equal(rtpBack, back.Value.Data);
        Assert.Equal(a.RtpPort, back.Value.From.Port);

        var rr = Packets.ReceiverReport(0xA1A1A1A1, 0xB2B2B2B2);
        pa.Rtcp.SendTo(a.RtcpPort, rr);
        var rtcp = pb.Rtcp.Receive();
        Assert.NotNull(rtcp);
        Assert.Equal(rr, rtcp.Value.Data);
        Assert.Equal(b.RtcpPort, rtcp.Value.From.Port);

        var sr = Packets.SenderReportCompound(0xB2B2B2B2, 0xA1A1A1A1);
        pb.Rtcp.SendTo(b.RtcpPort, sr);
        var rtcpBack = pa.Rtcp.Receive();
        Assert.NotNull(rtcpBack);
        Assert.Equal(sr, rtcpBack.Value.Data);
        Assert.Equal(a.RtcpPort, rtcpBack.Value.From.Port);

        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).PacketsOut == 2 && f.Engine.GetStats(b).PacketsOut == 2));
        var statsA = f.Engine.GetStats(a);
        Assert.Equal(1, statsA.RtpPacketsIn);
        Assert.Equal(rtp.Length, statsA.RtpBytesIn);
        Assert.Equal(1, statsA.RtcpPacketsIn);
        Assert.NotEqual(0, statsA.LastRtpTimestamp);
        Assert.Equal(2, f.Metric("mcptt_relay_packets_total{kind=\"rtp\",dir=\"in\"}"));
        Assert.Equal(2, f.Metric("mcptt_relay_packets_total{kind=\"rtcp\",dir=\"out\"}"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void RtcpMux_RtcpOnTheRtpPort_IsRelayedAsRtcpToTheOtherLegsRtcpPort(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(new LegOptions(SinglePort: true));
        f.Engine.SetRemote(a, pa.RtpEndPoint, null);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        Assert.Equal(a.RtpPort, a.RtcpPort);

        var rr = Packets.ReceiverReport(1, 2);
        pa.Rtp.SendTo(a.RtpPort, rr);
        var got = pb.Rtcp.Receive();
        Assert.NotNull(got);
        Assert.Equal(rr, got.Value.Data);
        Assert.Equal(b.RtcpPort, got.Value.From.Port);

        // The reverse: RTCP from b goes to a's single port (muxed).
        pb.Rtcp.SendTo(b.RtcpPort, rr);
        var muxed = pa.Rtp.Receive();
        Assert.NotNull(muxed);
        Assert.Equal(a.RtpPort, muxed.Value.From.Port);
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtcpPacketsIn == 1));
        Assert.Equal(0, f.Engine.GetStats(a).RtpPacketsIn);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Learning_UnknownRemoteIsLearnedFromFirstPacket_ThenStrict(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        using var attacker = new UdpPeer();
        var a = f.Leg(pa);
        var b = f.Leg(new LegOptions(LearnSource: true)); // no SetRemote: behind NAT, unknown
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);

        // Nothing known about b yet: a's media has nowhere to go.
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(1, 160, 0xA));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("no_destination") == 1));

        pb.Rtp.SendTo(b.RtpPort, Packets.Rtp(1, 160, 0xB));
        Assert.NotNull(pa.Rtp.Receive());
        Assert.Equal(pb.RtpEndPoint, f.Engine.GetStats(b).LearnedRtpSource);

        // Strict from now on: an attacker's packets are dropped and do not steal the stream.
        attacker.SendTo(b.RtpPort, Packets.Rtp(2, 320, 0xBAD));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("wrong_source") == 1));
        Assert.True(pa.Rtp.ReceivesNothing(200));

        var media = Packets.Rtp(3, 480, 0xA);
        pa.Rtp.SendTo(a.RtpPort, media);
        var got = pb.Rtp.Receive();
        Assert.NotNull(got);
        Assert.Equal(media, got.Value.Data);
        Assert.True(attacker.ReceivesNothing(200));
        Assert.Equal(pb.RtpEndPoint, f.Engine.GetStats(b).LearnedRtpSource);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void NewDeclaredRemote_AfterLearning_StartsLearningAfresh(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind, o => o.LearningPackets = 1);
        using var pa = new Peer();
        using var pb = new Peer();
        using var moved = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        pb.Rtp.SendTo(b.RtpPort, Packets.Rtp(1, 160, 0xB));
        Assert.NotNull(pa.Rtp.Receive());
        moved.Rtp.SendTo(b.RtpPort, Packets.Rtp(2, 320, 0xB));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("wrong_source") == 1)); // strict

        f.Engine.SetRemote(b, moved.RtpEndPoint, moved.Rtcp.EndPoint); // re-INVITE: the phone moved
        f.Engine.SetRemote(b, moved.RtpEndPoint, moved.Rtcp.EndPoint); // repeating it changes nothing
        moved.Rtp.SendTo(b.RtpPort, Packets.Rtp(3, 480, 0xB));
        Assert.NotNull(pa.Rtp.Receive());
        Assert.Equal(moved.RtpEndPoint, f.Engine.GetStats(b).LearnedRtpSource);
        pb.Rtp.SendTo(b.RtpPort, Packets.Rtp(4, 640, 0xB)); // the old address is now the stranger
        Assert.True(RelayFixture.Eventually(() => f.Dropped("wrong_source") == 2));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void RtpBleed_AttackerRacingThePeer_LosesToTheSdpDeclaredAddress(RelayEngineKind kind)
    {
        if (!OperatingSystem.IsLinux()) return; // needs 127.0.0.2 on loopback
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        using var attacker = new UdpPeer("127.0.0.2");
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);

        attacker.SendTo(b.RtpPort, Packets.Rtp(1, 160, 0xBAD)); // first packet: latched...
        Assert.NotNull(pa.Rtp.Receive());
        pb.Rtp.SendTo(b.RtpPort, Packets.Rtp(1, 160, 0xB));     // ...but the declared host re-latches
        Assert.NotNull(pa.Rtp.Receive());
        Assert.Equal(pb.RtpEndPoint, f.Engine.GetStats(b).LearnedRtpSource);

        attacker.SendTo(b.RtpPort, Packets.Rtp(2, 320, 0xBAD));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("wrong_source") == 1));
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(5, 800, 0xA));
        Assert.NotNull(pb.Rtp.Receive());
        Assert.True(attacker.ReceivesNothing(200));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void FloorHolderOnly_OnlyTheHoldersMediaReachesTheOthers(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        using var pc = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var c = f.Leg(pc);
        var group = f.Engine.CreateBridge(BridgeMode.FloorHolderOnly);
        f.Engine.Attach(group, a);
        f.Engine.Attach(group, b);
        f.Engine.Attach(group, c);

        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(1, 160, 0xA)); // nobody holds the floor
        Assert.True(RelayFixture.Eventually(() => f.Dropped("not_floor_holder") == 1));

        f.Engine.SetFloorHolder(group, a);
        var talk = Packets.Rtp(2, 320, 0xA);
        pa.Rtp.SendTo(a.RtpPort, talk);
        Assert.Equal(talk, pb.Rtp.Receive()?.Data);
        Assert.Equal(talk, pc.Rtp.Receive()?.Data);

        pb.Rtp.SendTo(b.RtpPort, Packets.Rtp(1, 160, 0xB));        // listener's media: dropped
        pb.Rtcp.SendTo(b.RtcpPort, Packets.ReceiverReport(0xB, 0xA)); // and its RTCP too
        Assert.True(RelayFixture.Eventually(() => f.Dropped("not_floor_holder") == 3));
        Assert.True(pa.Rtp.ReceivesNothing(200));
        Assert.True(pa.Rtcp.ReceivesNothing(50));
        // Gated media still shows as activity: the control plane sees a legacy phone talking without a request.
        Assert.NotEqual(0, f.Engine.GetStats(b).LastRtpTimestamp);
        Assert.Equal(0, f.Engine.GetStats(c).LastRtpTimestamp);

        f.Engine.SetFloorHolder(group, b);
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(3, 480, 0xA));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("not_floor_holder") == 4));
        var bTalk = Packets.Rtp(2, 320, 0xB);
        pb.Rtp.SendTo(b.RtpPort, bTalk);
        Assert.Equal(bTalk, pa.Rtp.Receive()?.Data);
        Assert.Equal(bTalk, pc.Rtp.Receive()?.Data);
        Assert.True(pb.Rtp.ReceivesNothing(100)); // never echoed to the talker
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void SsrcRewrite_ListenerSeesOneContinuousStreamAcrossTalkers(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        using var pc = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var c = f.Leg(pc);
        var group = f.Engine.CreateBridge(BridgeMode.FloorHolderOnly);
        f.Engine.Attach(group, a, 0xAAAA0000);
        f.Engine.Attach(group, b, 0xBBBB0000);
        f.Engine.Attach(group, c, 0xC0FFEE);

        f.Engine.SetFloorHolder(group, a);
        var received = new List<byte[]>();
        for (ushort i = 0; i < 5; i++)
        {
            var sent = Packets.Rtp((ushort)(100 + i), 1000u + 160u * i, 0x11111111, fill: (byte)i);
            pa.Rtp.SendTo(a.RtpPort, sent);
            var got = pc.Rtp.Receive()!.Value.Data;
            Assert.Equal(sent.AsSpan(12).ToArray(), got.AsSpan(12).ToArray()); // payload untouched
            received.Add(got);
        }

        f.Engine.SetFloorHolder(group, b);
        for (ushort i = 0; i < 3; i++)
        {
            pb.Rtp.SendTo(b.RtpPort, Packets.Rtp((ushort)(60000 + i), 9_000_000u + 160u * i, 0x22222222));
            received.Add(pc.Rtp.Receive()!.Value.Data);
        }

        foreach (var p in received) Assert.Equal(0xC0FFEEu, Packets.Ssrc(p));
        for (int i = 1; i < received.Count; i++)
        {
            Assert.Equal((ushort)(Packets.Seq(received[i - 1]) + 1), Packets.Seq(received[i]));
            Assert.True(Packets.Timestamp(received[i]) - Packets.Timestamp(received[i - 1]) >= 160);
        }
        Assert.Equal(100, Packets.Seq(received[0]));          // first talker keeps its numbering
        Assert.True(Packets.Marker(received[5]));              // new talk spurt marked
        Assert.False(Packets.Marker(received[6]));
        Assert.Equal(160u, Packets.Timestamp(received[7]) - Packets.Timestamp(received[6]));

        // RTCP from the talker: sender SSRC becomes what c knows the stream as; a report block about
        // the stream the relay sends to b (0xBBBB0000) is really about c's own SSRC.
        pc.Rtp.SendTo(c.RtpPort, Packets.Rtp(1, 160, 0x33333333)); // c's real SSRC, gated but observed
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(c).RtpPacketsIn == 1));
        pb.Rtcp.SendTo(b.RtcpPort, Packets.SenderReportCompound(0x22222222, 0xBBBB0000));
        var rtcp = pc.Rtcp.Receive()!.Value.Data;
        Assert.Equal(0xC0FFEEu, Packets.Word(rtcp, 4));    // SR sender SSRC
        Assert.Equal(0x33333333u, Packets.Word(rtcp, 28)); // report block SSRC
        Assert.Equal(0xC0FFEEu, Packets.Word(rtcp, 56));   // SDES chunk SSRC
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void PassThrough_WithoutOutgoingSsrc_LeavesPacketsUnchanged(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        var sr = Packets.SenderReportCompound(0x1, 0x2);
        pa.Rtcp.SendTo(a.RtcpPort, sr);
        Assert.Equal(sr, pb.Rtcp.Receive()?.Data);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void DivertedLeg_EveryDatagramGoesToTheControlPlane_AndSendFromLegAnswers(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var phone = new UdpPeer();
        var floor = f.Leg(new LegOptions(Kind: LegKind.Diverted));
        var seen = new List<(LegHandle Leg, IPEndPoint From, byte[] Data, int Thread)>();
        f.Engine.PacketDiverted += (leg, from, data) =>
        {
            lock (seen) seen.Add((leg, from, data.ToArray(), Environment.CurrentManagedThreadId));
        };

        var request = Packets.App("MCPT", 0x1234, subtype: 0);
        phone.SendTo(floor.RtpPort, request);
        phone.SendTo(floor.RtpPort, [1, 2, 3]); // not even RTCP: still the floor channel's business
        Assert.True(RelayFixture.Eventually(() => { lock (seen) return seen.Count == 2; }));
        Assert.Equal(floor, seen[0].Leg);
        Assert.Equal(phone.EndPoint, seen[0].From);
        Assert.Equal(request, seen[0].Data);
        Assert.Equal(new byte[] { 1, 2, 3 }, seen[1].Data);
        Assert.NotEqual(Environment.CurrentManagedThreadId, seen[0].Thread);

        var grant = Packets.App("MCPT", 0x1234, subtype: 1);
        Assert.True(f.Engine.SendFromLeg(floor, grant, rtcp: false));
        var got = phone.Receive();
        Assert.NotNull(got);
        Assert.Equal(grant, got.Value.Data);
        Assert.Equal(floor.RtpPort, got.Value.From.Port);
        Assert.Equal(2, f.Metric("mcptt_relay_diverted_total"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void DivertQueue_IsBounded_OverflowIsDroppedAndCounted(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind, o => { o.Workers = 1; o.MaxDivertQueue = 1; });
        using var phone = new UdpPeer();
        using var release = new ManualResetEventSlim(false);
        var floor = f.Leg(new LegOptions(Kind: LegKind.Diverted));
        int delivered = 0;
        f.Engine.PacketDiverted += (_, _, _) =>
        {
            Interlocked.Increment(ref delivered);
            release.Wait(5000); // a stuck consumer: its entry stays in the queue until it returns
        };

        for (int i = 0; i < 4; i++) phone.SendTo(floor.RtpPort, Packets.App("MCPT", (uint)i));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("divert_queue_full") == 3));
        Assert.True(RelayFixture.Eventually(() => Volatile.Read(ref delivered) == 1));
        release.Set();
        // The channel recovers once the consumer returns (it frees its slot just after returning,
        // so offer the next datagram until it gets through).
        Assert.True(RelayFixture.Eventually(() =>
        {
            phone.SendTo(floor.RtpPort, Packets.App("MCPT", 9));
            return RelayFixture.Eventually(() => Volatile.Read(ref delivered) >= 2, 100);
        }));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void McpttAppOnAMediaLegsRtcpPort_IsDivertedNotForwarded(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        int diverted = 0;
        LegHandle? divertedLeg = null;
        f.Engine.PacketDiverted += (leg, _, _) => { divertedLeg = leg; Interlocked.Increment(ref diverted); };

        pa.Rtcp.SendTo(a.RtcpPort, Packets.App("MCPT", 0xA, subtype: 0));
        Assert.True(RelayFixture.Eventually(() => Volatile.Read(ref diverted) == 1));
        Assert.Equal(a, divertedLeg);
        Assert.True(pb.Rtcp.ReceivesNothing(200));

        var other = Packets.App("XYZW", 0xA); // any other APP is ordinary RTCP
        pa.Rtcp.SendTo(a.RtcpPort, other);
        Assert.Equal(other, pb.Rtcp.Receive()?.Data);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void SendFromLeg_UsesTheLegsSockets_AndNeedsAKnownRemote(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        var unknown = f.Leg(new LegOptions());
        Assert.False(f.Engine.SendFromLeg(unknown, [0x80, 0, 0, 0], rtcp: false));

        var a = f.Leg(pa);
        var data = Packets.App("MCPT", 7);
        Assert.True(f.Engine.SendFromLeg(a, data, rtcp: true));
        var got = pa.Rtcp.Receive();
        Assert.Equal(data, got?.Data);
        Assert.Equal(a.RtcpPort, got?.From.Port);
        Assert.True(f.Engine.SendFromLeg(a, data, rtcp: false));
        Assert.Equal(a.RtpPort, pa.Rtp.Receive()?.From.Port);
        Assert.Equal(2, f.Metric("mcptt_relay_control_sent_total"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Ports_AreEvenOddPairs_ExhaustionReturnsNull_FreeReturnsThem_InUseIsSkipped(RelayEngineKind kind)
    {
        // Find a free 6-port window, then occupy its first port from "another process".
        int start = FindFreeWindow(6);
        using var squatter = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, start));
        using var f = new RelayFixture(kind, o => { o.PortMin = start; o.PortMax = start + 5; });

        Assert.Equal(6, f.Metric("mcptt_relay_ports_free"));
        var first = f.Leg();
        var second = f.Leg();
        Assert.Equal(0, first.RtpPort % 2);
        Assert.Equal(first.RtpPort + 1, first.RtcpPort);
        Assert.NotEqual(start, first.RtpPort);   // the squatted pair was skipped
        Assert.NotEqual(start, second.RtpPort);
        Assert.Null(f.Engine.AllocateLeg(new LegOptions()));
        Assert.Equal(1, f.Metric("mcptt_relay_legs") - 1);

        f.Engine.FreeLeg(first);
        f.Engine.FreeLeg(first); // idempotent
        Assert.Equal(1, f.Metric("mcptt_relay_legs"));
        var again = f.Leg();
        Assert.Equal(first.RtpPort, again.RtpPort);
        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(default, f.Engine.GetStats(first)); // stale handle sees nothing
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Malformed_IsDroppedAndCounted_NeverForwarded(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);

        pa.Rtp.SendTo(a.RtpPort, [0x80, 0x00, 0x01]);                  // truncated
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(1, 1, 1).Select((x, i) => i == 0 ? (byte)0x40 : x).ToArray()); // version 1
        var csrcLie = Packets.Rtp(1, 1, 1, payloadLength: 0);
        csrcLie[0] = 0x8F;                                              // 15 CSRCs that are not there
        pa.Rtp.SendTo(a.RtpPort, csrcLie);
        var lying = Packets.ReceiverReport(1, 2);
        lying[3] = 40;                                                  // length says 164 bytes
        pa.Rtcp.SendTo(a.RtcpPort, lying);
        pa.Rtcp.SendTo(a.RtcpPort, Packets.Rtp(1, 1, 1));                // RTP on the RTCP port
        pa.Rtp.SendTo(a.RtpPort, new byte[3000]);                        // oversized for the slab

        Assert.True(RelayFixture.Eventually(() => f.Dropped("malformed") == 6));
        Assert.True(pb.Rtp.ReceivesNothing(200));
        Assert.True(pb.Rtcp.ReceivesNothing(50));
        Assert.Equal(6, f.Engine.GetStats(a).Dropped);

        var good = Packets.Rtp(2, 2, 2);
        pa.Rtp.SendTo(a.RtpPort, good);
        Assert.Equal(good, pb.Rtp.Receive()?.Data); // the leg still works
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Unbridged_AndDetached_LegsForwardNothing(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(1, 1, 1));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("no_route") == 1));

        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(2, 2, 1));
        Assert.NotNull(pb.Rtp.Receive());

        f.Engine.Detach(b);
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(3, 3, 1));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("no_destination") == 1));
        f.Engine.DestroyBridge(bridge);
        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(4, 4, 1));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("no_route") == 2));
        Assert.True(pb.Rtp.ReceivesNothing(200));
        Assert.Equal(0, f.Metric("mcptt_relay_bridges"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void KernelRefusal_IsCountedAsSendError_AndHoldAddressesSendNothing(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(new LegOptions(LearnSource: false));
        var c = f.Leg(new LegOptions(LearnSource: false));
        // Broadcast without SO_BROADCAST: the kernel refuses (EACCES).
        f.Engine.SetRemote(b, new IPEndPoint(IPAddress.Broadcast, 9), null);
        // SDP hold (c=0.0.0.0) and a rejected stream (port 0): nowhere to send.
        f.Engine.SetRemote(c, new IPEndPoint(IPAddress.Any, 4000), new IPEndPoint(IPAddress.Loopback, 0));
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        f.Engine.Attach(bridge, c);

        pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(1, 1, 1));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("send_error") == 1));
        Assert.True(RelayFixture.Eventually(() => f.Dropped("no_destination") == 1));
        Assert.Equal(0, f.Engine.GetStats(b).PacketsOut);
        Assert.False(f.Engine.SendFromLeg(c, [1], rtcp: true));
    }

    [Fact]
    public void BatchedEngine_WithBusyPollAndBatchOfOne_StillRelays()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var f = new RelayFixture(RelayEngineKind.Batched, o => { o.BusyPoll = true; o.BatchSize = 1; o.Workers = 1; });
        using var pa = new Peer();
        using var pb = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var bridge = f.Engine.CreateBridge(BridgeMode.AllToOthers);
        f.Engine.Attach(bridge, a);
        f.Engine.Attach(bridge, b);
        for (ushort i = 0; i < 5; i++) pa.Rtp.SendTo(a.RtpPort, Packets.Rtp(i, i, 1));
        for (ushort i = 0; i < 5; i++) Assert.Equal(i, Packets.Seq(pb.Rtp.Receive()!.Value.Data));
        Assert.Equal(RelayEngineKind.Batched, f.Engine.EngineKind);
    }

    private static int FindFreeWindow(int size)
    {
        var random = new Random();
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int start = 45000 + 2 * random.Next(0, 2000);
            var sockets = new List<System.Net.Sockets.Socket>();
            try
            {
                for (int p = start; p < start + size; p++)
                {
                    var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
                        System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
                    sockets.Add(s);
                    s.Bind(new IPEndPoint(IPAddress.Loopback, p));
                }
                return start;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
            finally
            {
                foreach (var s in sockets) s.Dispose();
            }
        }
        throw new InvalidOperationException("no free port window");
    }
}
