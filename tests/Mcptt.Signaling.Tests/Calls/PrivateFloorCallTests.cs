using System.Globalization;
using System.Net;
using System.Text;
using Mcptt.Floor.Wire;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>
/// Private calls whose caller offers an MCPTT floor channel: the appliance answers the floor line, offers one to the
/// callee, runs the floor session on the shared floor server and gates the audio bridge by the floor holder.
/// </summary>
public sealed class PrivateFloorCallTests : IDisposable
{
    private const string BobFloor = "m=application 7002 udp MCPTT\r\na=fmtp:MCPTT mc_queueing;mc_priority=3\r\n";
    private readonly CallFixture _f = new(o => o.FloorMaxPriority = 5, floorControl: true);

    public void Dispose() => _f.Dispose();

    private static string AliceSdp(string? fmtp)
        => CallFixture.AliceSdp + "m=application 6002 udp MCPTT\r\n" + (fmtp is null ? "" : $"a=fmtp:MCPTT {fmtp}\r\n");

    private static SessionDescription Sdp(SipMessage message)
    {
        var parsed = SdpParser.Parse(message.Body);
        Assert.True(parsed.Ok, parsed.Error);
        return parsed.Sdp;
    }

    /// <summary>alice calls bob offering <paramref name="aliceFmtp"/>; bob answers <paramref name="bobSdp"/>; alice ACKs.</summary>
    private (FakeServerRequest Invite, SentRequest ToBob, Legs Legs) Call(string? aliceFmtp = "mc_queueing;mc_priority=7", string? bobSdp = null)
    {
        var invite = _f.Invite(sdp: AliceSdp(aliceFmtp));
        var toBob = _f.Sip.OfMethod("INVITE").Single();
        toBob.Respond(200, bobSdp ?? CallFixture.BobSdp + BobFloor);
        Assert.Equal(200, invite.Final!.StatusCode);
        _f.FromAlice(invite, "ACK", 1);
        var answer = Sdp(invite.Final);
        var offer = Sdp(toBob.Request);
        var legs = new Legs(
            _f.Relay.LegWithPort(answer.Media[0].Port), _f.Relay.LegWithPort(answer.Media[1].Port),
            _f.Relay.LegWithPort(offer.Media[0].Port), _f.Relay.LegWithPort(offer.Media[1].Port),
            _f.Relay.Bridges.Keys.Single());
        return (invite, toBob, legs);
    }

    private sealed record Legs(LegHandle AliceAudio, LegHandle AliceFloor, LegHandle BobAudio, LegHandle BobFloor, BridgeHandle Bridge);

    private static byte[] FloorMessage(FloorMessageType type, uint ssrc)
    {
        var buffer = new byte[64];
        var writer = new FloorMessageWriter(buffer, type, ackRequired: false, ssrc);
        return buffer[..writer.Finish()];
    }

    /// <summary>Types of the floor messages sent from <paramref name="leg"/> so far.</summary>
    private List<FloorMessageType> SentFrom(LegHandle leg)
    {
        var types = new List<FloorMessageType>();
        foreach (var (from, datagram) in _f.Relay.FloorSent.Where(s => s.Leg == leg))
        {
            var reader = new FloorDatagramReader(datagram);
            while (reader.TryReadNext(out var packet, out _)) types.Add(packet.Type);
        }
        return types;
    }

    private LegHandle? Holder(BridgeHandle bridge) => _f.Relay.Holders.GetValueOrDefault(bridge);

    [Fact]
    public void Caller_floor_offer_is_answered_by_the_appliance_and_the_callee_is_offered_its_own_floor_channel()
    {
        var invite = _f.Invite(sdp: AliceSdp("mc_queueing;mc_priority=7"));
        var toBob = _f.Sip.OfMethod("INVITE").Single();

        // One FloorHolderOnly bridge for audio; the floor sections are diverted single-port legs in no bridge.
        var bridge = Assert.Single(_f.Relay.BridgeModes);
        Assert.Equal(BridgeMode.FloorHolderOnly, bridge.Value);
        var bobOffer = Sdp(toBob.Request);
        var bobFloorLeg = _f.Relay.LegWithPort(bobOffer.Media[1].Port);
        var options = _f.Relay.OptionsOf[bobFloorLeg];
        Assert.Equal(LegKind.Diverted, options.Kind);
        Assert.True(options.SinglePort);
        Assert.DoesNotContain(bobFloorLeg, _f.Relay.Bridges[bridge.Key]);
        Assert.Equal("udp", bobOffer.Media[1].Proto);
        // Our offer to bob: queueing and our priority ceiling, never alice's implicit request or her priority.
        Assert.Equal("mc_queueing;mc_priority=5", bobOffer.Media[1].GetFmtp("MCPTT"));

        toBob.Respond(200, CallFixture.BobSdp + BobFloor);
        Assert.Equal(200, invite.Final!.StatusCode);
        var answer = Sdp(invite.Final);
        var aliceFloorLeg = _f.Relay.LegWithPort(answer.Media[1].Port);
        Assert.NotEqual(bobFloorLeg, aliceFloorLeg);
        // alice offered priority 7: the answer caps it at 5 (not bob's 3: bob's answer is about bob).
        Assert.Equal("mc_queueing;mc_priority=5", answer.Media[1].GetFmtp("MCPTT"));
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:6002"), _f.Relay.Remotes[aliceFloorLeg].Rtp);
        Assert.Equal(IPEndPoint.Parse("10.0.0.2:7002"), _f.Relay.Remotes[bobFloorLeg].Rtp);

        // The floor session runs on the shared floor server: both parties are told the floor is idle.
        Assert.Equal(1, _f.FloorServer!.Metrics.Sessions);
        Assert.Contains(FloorMessageType.Idle, SentFrom(aliceFloorLeg));
        Assert.Contains(FloorMessageType.Idle, SentFrom(bobFloorLeg));
        Assert.Null(Holder(bridge.Key));
        Assert.Contains("mcptt_calls_floor_controlled_total{callee=\"mcptt\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Only_the_floor_holder_feeds_the_audio_bridge_and_the_floor_changes_hands_on_release()
    {
        var (_, _, legs) = Call();

        _f.Relay.Divert(legs.AliceFloor, FloorMessage(FloorMessageType.Request, 0x1111));
        Assert.Equal(legs.AliceAudio, Holder(legs.Bridge));
        Assert.Contains(FloorMessageType.Granted, SentFrom(legs.AliceFloor));
        Assert.Contains(FloorMessageType.Taken, SentFrom(legs.BobFloor));
        var taken = _f.Relay.FloorSent.Last(s => s.Leg == legs.BobFloor).Datagram;
        Assert.Contains("sip:alice@mcptt.local", Encoding.UTF8.GetString(taken));

        // bob asks while alice talks: both negotiated queueing, so he is queued and gets the floor on her release.
        _f.Relay.Divert(legs.BobFloor, FloorMessage(FloorMessageType.Request, 0x2222));
        Assert.Equal(legs.AliceAudio, Holder(legs.Bridge));
        Assert.Contains(FloorMessageType.QueuePositionInfo, SentFrom(legs.BobFloor));
        _f.Relay.Divert(legs.AliceFloor, FloorMessage(FloorMessageType.Release, 0x1111));
        Assert.Equal(legs.BobAudio, Holder(legs.Bridge));
        Assert.Contains(FloorMessageType.Granted, SentFrom(legs.BobFloor));
        Assert.Contains(FloorMessageType.Taken, SentFrom(legs.AliceFloor));
    }

    [Theory]
    [InlineData("mc_implicit_request;mc_granted;mc_ssrc=3000000000", "mc_granted;mc_implicit_request;mc_ssrc=3000000000")]
    [InlineData("mc_implicit_request;mc_ssrc=42", "mc_implicit_request;mc_ssrc=42")]
    public void Implicit_request_in_the_offer_is_granted_with_the_answer(string offered, string expected)
    {
        var (invite, _, legs) = Call(offered);
        Assert.Equal(expected, Sdp(invite.Final!).Media[1].GetFmtp("MCPTT"));
        Assert.Equal(legs.AliceAudio, Holder(legs.Bridge));
        Assert.Contains(FloorMessageType.Granted, SentFrom(legs.AliceFloor));
    }

    [Fact]
    public void Implicit_request_without_an_ssrc_gets_one_chosen_by_the_server()
    {
        var (invite, _, _) = Call("mc_implicit_request");
        var fmtp = Sdp(invite.Final!).Media[1].GetFmtp("MCPTT")!;
        Assert.StartsWith("mc_implicit_request;mc_ssrc=", fmtp, StringComparison.Ordinal);
        Assert.True(uint.TryParse(fmtp["mc_implicit_request;mc_ssrc=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out uint ssrc) && ssrc != 0, fmtp);
    }

    [Fact]
    public void Callee_refusing_the_floor_channel_is_a_legacy_participant_floor_by_media_released_by_T1()
    {
        var invite = _f.Invite(sdp: AliceSdp("mc_queueing"));
        var toBob = _f.Sip.OfMethod("INVITE").Single();
        toBob.Respond(200, CallFixture.BobSdp + "m=application 0 udp MCPTT\r\n");
        Assert.Equal(200, invite.Final!.StatusCode);

        // alice still gets our floor line: the appliance, not bob, is her floor control server.
        var answer = Sdp(invite.Final);
        Assert.NotEqual(0, answer.Media[1].Port);
        Assert.Equal("mc_queueing", answer.Media[1].GetFmtp("MCPTT"));
        Assert.Contains("mcptt_calls_floor_controlled_total{callee=\"legacy\"} 1", _f.MetricsText);

        // bob talks while the floor is idle: his voice is an implicit request (the binding polls leg activity).
        var bobAudio = _f.Relay.LegWithPort(Sdp(toBob.Request).Media[0].Port);
        Assert.True(_f.Relay.OptionsOf[bobAudio].DetectVoice);
        var bridge = _f.Relay.Bridges.Keys.Single();
        _f.Relay.LastRtp[bobAudio] = 1000;
        _f.Clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(bobAudio, Holder(bridge));
        var aliceFloor = _f.Relay.LegWithPort(answer.Media[1].Port);
        Assert.Contains(FloorMessageType.Taken, SentFrom(aliceFloor));

        // He stops: T1 (2 s here) releases the floor.
        _f.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(Holder(bridge));
        Assert.Contains(FloorMessageType.Idle, SentFrom(aliceFloor).Skip(1));
    }

    [Fact]
    public void Callee_answer_without_the_floor_line_is_legacy_and_the_caller_still_gets_a_matching_answer()
    {
        var invite = _f.Invite(sdp: AliceSdp("mc_queueing"));
        _f.Sip.OfMethod("INVITE").Single().Respond(200, CallFixture.BobSdp);   // audio only: one m= line for our two
        var answer = Sdp(invite.Final!);
        Assert.Equal(2, answer.Media.Count);
        Assert.True(answer.Media[1].IsMcpttFloorChannel);
        Assert.NotEqual(0, answer.Media[1].Port);
        Assert.Contains("mcptt_calls_floor_controlled_total{callee=\"legacy\"} 1", _f.MetricsText);
        Assert.Equal(1, _f.FloorServer!.Metrics.Sessions);
    }

    [Fact]
    public void Offer_without_a_floor_line_stays_full_duplex_without_floor_control()
    {
        var (invite, _) = _f.EstablishedCall();
        Assert.Equal(200, invite.Final!.StatusCode);
        Assert.Equal(BridgeMode.AllToOthers, Assert.Single(_f.Relay.BridgeModes).Value);
        Assert.Empty(_f.Relay.Holders);
        Assert.Equal(0, _f.FloorServer!.Metrics.Sessions);
        Assert.DoesNotContain("floor_controlled_total{callee=\"mcptt\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Without_floor_control_wired_the_floor_line_is_relayed_end_to_end_as_before()
    {
        using var plain = new CallFixture();
        var invite = plain.Invite(sdp: AliceSdp("mc_queueing"));
        var toBob = plain.Sip.OfMethod("INVITE").Single();
        Assert.Equal("mc_queueing", Sdp(toBob.Request).Media[1].GetFmtp("MCPTT"));   // alice's own parameters, untouched
        toBob.Respond(200, CallFixture.BobSdp + BobFloor);
        Assert.Equal("mc_queueing;mc_priority=3", Sdp(invite.Final!).Media[1].GetFmtp("MCPTT"));
        Assert.Equal(2, plain.Relay.BridgeModes.Count);
        Assert.All(plain.Relay.BridgeModes.Values, mode => Assert.Equal(BridgeMode.AllToOthers, mode));
        Assert.Empty(plain.Relay.Holders);
    }

    [Fact]
    public void Bye_ends_the_floor_session_and_frees_every_leg_and_bridge()
    {
        var (invite, _, legs) = Call();
        _f.Relay.Divert(legs.AliceFloor, FloorMessage(FloorMessageType.Request, 0x1111));
        Assert.Equal(legs.AliceAudio, Holder(legs.Bridge));

        var bye = _f.FromAlice(invite, "BYE", 2);
        Assert.Equal(200, bye.Final!.StatusCode);
        Assert.Single(_f.Sip.OfMethod("BYE"));
        Assert.Equal(0, _f.FloorServer!.Metrics.Sessions);
        Assert.Null(Holder(legs.Bridge));
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Relay.Bridges);
        Assert.Equal(0, _f.Calls.ActiveCalls);

        // A late floor message on a freed leg is counted, not served.
        _f.Relay.Divert(legs.AliceFloor, FloorMessage(FloorMessageType.Request, 0x1111));
        Assert.Equal(1, _f.FloorServer.Metrics.Dropped(Mcptt.Floor.Server.FloorDropReason.NonMember));
    }

    [Fact]
    public void Cancel_before_the_answer_frees_the_floor_legs_and_starts_no_floor_session()
    {
        var invite = _f.Invite(sdp: AliceSdp("mc_queueing"));
        Assert.Equal(4, _f.Relay.Legs.Count);   // audio + floor for each side
        invite.CancelByCaller();
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Relay.Bridges);
        Assert.Equal(0, _f.FloorServer!.Metrics.Sessions);
        Assert.Contains("mcptt_calls_total{result=\"cancelled\"} 1", _f.MetricsText);
    }

    [Theory]
    [InlineData("mc_priority=300", "mc_priority 300 out of range")]
    [InlineData("mc_queueing;;mc_granted", "is empty")]
    public void Malformed_floor_fmtp_gets_488_naming_the_problem(string fmtp, string expected)
    {
        var invite = _f.Invite(sdp: AliceSdp(fmtp));
        Assert.Equal(488, invite.Final!.StatusCode);
        Assert.Contains(expected, invite.Final.Headers.Get("Warning"));
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Sip.OfMethod("INVITE"));
    }

    [Fact]
    public void Callee_whose_mcptt_id_does_not_fit_a_floor_field_gets_488_not_a_crash()
    {
        string longUser = new('b', 260);
        _f.Register(longUser, "10.0.0.7:5060", FakeServerRequest.Udp("10.0.0.7", 5060));
        var invite = _f.Invite(to: longUser, sdp: AliceSdp("mc_queueing"));
        Assert.Equal(488, invite.Final!.StatusCode);
        Assert.Contains("255 octets", invite.Final.Headers.Get("Warning"));
        Assert.Empty(_f.Relay.Legs);
    }

    [Fact]
    public void Other_sections_are_disabled_so_nothing_bypasses_the_floor()
    {
        string sdp = AliceSdp("mc_queueing") + "m=audio 6100 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
        _f.Invite(sdp: sdp);
        var offer = Sdp(_f.Sip.OfMethod("INVITE").Single().Request);
        Assert.Equal(3, offer.Media.Count);
        Assert.Equal(0, offer.Media[2].Port);
        Assert.Single(_f.Relay.BridgeModes);
    }

    [Fact]
    public void Reinvite_keeps_the_floor_lines_ours_on_both_sides()
    {
        var (invite, toBob, legs) = Call();
        var reinvite = _f.FromBob(toBob, "INVITE", 1, (CallFixture.BobSdp + BobFloor).Replace("7002", "7402"));
        var toAlice = _f.Sip.OfMethod("INVITE").Last();
        Assert.NotSame(toBob, toAlice);
        var offer = Sdp(toAlice.Request);
        Assert.Equal(legs.AliceFloor.RtpPort, offer.Media[1].Port);
        Assert.Equal("mc_queueing;mc_priority=5", offer.Media[1].GetFmtp("MCPTT"));

        toAlice.Respond(200, AliceSdp("mc_queueing;mc_priority=7"));
        Assert.Equal(200, reinvite.Final!.StatusCode);
        var answer = Sdp(reinvite.Final);
        Assert.Equal(legs.BobFloor.RtpPort, answer.Media[1].Port);
        Assert.Equal("mc_queueing;mc_priority=3", answer.Media[1].GetFmtp("MCPTT"));
        Assert.Equal(IPEndPoint.Parse("10.0.0.2:7402"), _f.Relay.Remotes[legs.BobFloor].Rtp);
        Assert.Equal(1, _f.FloorServer!.Metrics.Sessions);
    }
}
