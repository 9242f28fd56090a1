using System.Net;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Calls;

public sealed class CallFlowTests : IDisposable
{
    private readonly CallFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static SessionDescription Sdp(SipMessage message)
    {
        var parsed = SdpParser.Parse(message.Body);
        Assert.True(parsed.Ok, parsed.Error);
        return parsed.Sdp;
    }

    [Fact]
    public void Successful_call_is_anchored_both_ways_and_sent_to_the_nat_flow()
    {
        var invite = _f.Invite();
        Assert.Null(invite.Final);

        var toBob = Assert.Single(_f.Sip.OfMethod("INVITE"));
        Assert.Equal(_f.BobFlow, toBob.Target);                                   // the REGISTER's source, not the Contact host
        Assert.Equal("sip:bob@10.0.0.2:5062", toBob.Request.RequestUri.ToString()); // the Contact stays the Request-URI
        Assert.NotEqual("call-1@10.0.0.1", toBob.Request.CallId);
        Assert.NotEqual("alicetag", toBob.Request.From!.Tag);
        Assert.Equal("69", toBob.Request.Headers.Get("Max-Forwards"));
        Assert.Equal("sip:192.0.2.1:5060", toBob.Request.Contacts[0].Uri.ToString());

        // Two legs, one bridge forwarding between them; alice's leg points at alice's SDP address.
        Assert.Equal(2, _f.Relay.Legs.Count);
        var bridge = Assert.Single(_f.Relay.Bridges);
        Assert.Equal(BridgeMode.AllToOthers, _f.Relay.BridgeModes[bridge.Key]);
        Assert.Equal(2, bridge.Value.Count);
        var offerToBob = Sdp(toBob.Request);
        Assert.Equal("203.0.113.1", offerToBob.Connection!.Address);
        var bobLeg = _f.Relay.LegWithPort(offerToBob.Media[0].Port);
        var aliceLeg = _f.Relay.Legs.Single(l => l != bobLeg);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 6000), _f.Relay.Remotes[aliceLeg].Rtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 6001), _f.Relay.Remotes[aliceLeg].Rtcp);

        toBob.Respond(180);
        Assert.Equal(180, invite.Last.StatusCode);
        Assert.Equal(invite.LocalTag, invite.Last.To!.Tag);

        toBob.Respond(200, CallFixture.BobSdp);
        var ack = Assert.Single(_f.Sip.Acks);
        Assert.Equal(_f.BobFlow, ack.Target);
        Assert.Equal("sip:far@10.9.9.9:5099", ack.Ack.RequestUri.ToString()); // remote target from bob's 2xx Contact
        Assert.Equal("1 ACK", ack.Ack.Headers.Get("CSeq"));
        Assert.Equal(toBob.ToTag, ack.Ack.To!.Tag);

        var ok = invite.Final!;
        Assert.Equal(200, ok.StatusCode);
        var answer = Sdp(ok);
        Assert.Equal("203.0.113.1", answer.Connection!.Address);
        Assert.Equal(aliceLeg.RtpPort, answer.Media[0].Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 7000), _f.Relay.Remotes[bobLeg].Rtp);
        Assert.Equal(1, _f.Calls.ActiveCalls);
        Assert.Contains("mcptt_calls_total{result=\"answered\"} 1", _f.MetricsText);
        Assert.Contains("mcptt_calls_active 1", _f.MetricsText);
    }

    [Fact]
    public void Bye_from_caller_hangs_up_callee_and_frees_legs()
    {
        var (invite, toBob) = _f.EstablishedCall();
        var bye = _f.FromAlice(invite, "BYE", 2);
        Assert.Equal(200, bye.Final!.StatusCode);
        var byeToBob = Assert.Single(_f.Sip.OfMethod("BYE"));
        Assert.Equal(_f.BobFlow, byeToBob.Target);
        Assert.Equal(toBob.Request.CallId, byeToBob.Request.CallId);
        Assert.Equal(toBob.ToTag, byeToBob.Request.To!.Tag);
        Assert.Equal("2 BYE", byeToBob.Request.Headers.Get("CSeq"));
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Relay.Bridges);
        Assert.Equal(0, _f.Calls.ActiveCalls);
        Assert.Contains("mcptt_calls_ended_total{reason=\"bye_caller\"} 1", _f.MetricsText);

        // The dialog is gone: a repeated BYE gets 481.
        Assert.Equal(481, _f.FromAlice(invite, "BYE", 3).Final!.StatusCode);
    }

    [Fact]
    public void Bye_from_callee_hangs_up_caller_along_its_flow()
    {
        var (invite, toBob) = _f.EstablishedCall();
        var bye = _f.FromBob(toBob, "BYE", 1);
        Assert.Equal(200, bye.Final!.StatusCode);
        var byeToAlice = Assert.Single(_f.Sip.OfMethod("BYE"));
        Assert.Equal(_f.AliceFlow, byeToAlice.Target);
        Assert.Equal("call-1@10.0.0.1", byeToAlice.Request.CallId);
        Assert.Equal("sip:alice@10.0.0.1:5060", byeToAlice.Request.RequestUri.ToString());
        Assert.Equal(invite.LocalTag, byeToAlice.Request.From!.Tag);
        Assert.Equal("alicetag", byeToAlice.Request.To!.Tag);
        Assert.Empty(_f.Relay.Legs);
        Assert.Contains("mcptt_calls_ended_total{reason=\"bye_callee\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Unknown_user_gets_404_and_known_unregistered_user_480()
    {
        Assert.Equal(404, _f.Invite(to: "nobody").Final!.StatusCode);
        Assert.Equal(480, _f.Invite(to: "carol").Final!.StatusCode);
        Assert.Empty(_f.Sip.Sent);
        Assert.Empty(_f.Relay.Legs);
        Assert.Contains("mcptt_calls_total{result=\"not_found\"} 1", _f.MetricsText);
        Assert.Contains("mcptt_calls_total{result=\"unavailable\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Busy_callee_486_is_passed_back_and_legs_freed()
    {
        var invite = _f.Invite();
        _f.Sip.OfMethod("INVITE").Single().Respond(486);
        Assert.Equal(486, invite.Final!.StatusCode);
        Assert.Empty(_f.Relay.Legs);
        Assert.Equal(0, _f.Calls.ActiveCalls);
        Assert.Contains("mcptt_calls_total{result=\"busy\"} 1", _f.MetricsText);
    }

    [Theory]
    [InlineData(603, 603)]
    [InlineData(500, 500)]
    [InlineData(407, 403)]
    [InlineData(302, 480)]
    public void Callee_errors_are_passed_back(int calleeStatus, int callerStatus)
    {
        var invite = _f.Invite();
        _f.Sip.OfMethod("INVITE").Single().Respond(calleeStatus);
        Assert.Equal(callerStatus, invite.Final!.StatusCode);
        Assert.Empty(_f.Relay.Legs);
    }

    [Fact]
    public void Cancel_from_caller_cancels_the_branch_and_frees_legs()
    {
        var invite = _f.Invite();
        var toBob = _f.Sip.OfMethod("INVITE").Single();
        toBob.Respond(180);
        invite.CancelByCaller();
        Assert.True(toBob.Cancelled);
        Assert.Equal(487, invite.Final!.StatusCode);
        Assert.Empty(_f.Relay.Legs);
        Assert.Equal(0, _f.Calls.ActiveCalls);
        Assert.Contains("mcptt_calls_total{result=\"cancelled\"} 1", _f.MetricsText);

        // bob's 487 afterwards changes nothing; a racing 200 is ACKed and hung up.
        toBob.Respond(487);
        Assert.Equal(2, invite.Responses.Count(r => r.StatusCode != 100));
        toBob.Respond(200, CallFixture.BobSdp);
        Assert.Single(_f.Sip.Acks);
        Assert.Single(_f.Sip.OfMethod("BYE"));
    }

    [Fact]
    public void Callee_200_after_the_caller_cancelled_is_acked_and_hung_up()
    {
        var invite = _f.Invite();
        var toBob = _f.Sip.OfMethod("INVITE").Single();
        // The stack answered 487 and cancelled the token, but bob's 200 is processed first.
        invite.Respond(SipResponse.CreateFor(invite.Request, 487, null, invite.LocalTag));
        toBob.Respond(200, CallFixture.BobSdp);
        Assert.Single(_f.Sip.Acks);
        Assert.Single(_f.Sip.OfMethod("BYE"));
        Assert.Equal(487, invite.Final!.StatusCode);
        Assert.Empty(_f.Relay.Legs);
        Assert.Equal(0, _f.Calls.ActiveCalls);
    }

    [Fact]
    public void Ring_timeout_answers_480_and_cancels()
    {
        var invite = _f.Invite();
        var toBob = _f.Sip.OfMethod("INVITE").Single();
        toBob.Respond(180);
        _f.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(480, invite.Final!.StatusCode);
        Assert.True(toBob.Cancelled);
        Assert.Empty(_f.Relay.Legs);
        Assert.Contains("mcptt_calls_total{result=\"no_answer\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Reinvite_from_caller_is_reanchored_and_relayed()
    {
        var (invite, toBob) = _f.EstablishedCall();
        var aliceLeg = _f.Relay.LegWithPort(Sdp(invite.Final!).Media[0].Port);
        var bobLeg = _f.Relay.Legs.Single(l => l != aliceLeg);

        var newOffer = CallFixture.AliceSdp.Replace("6000", "6100").Replace(" 1 IN", " 2 IN");
        var reinvite = _f.FromAlice(invite, "INVITE", 2, newOffer);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 6100), _f.Relay.Remotes[aliceLeg].Rtp);

        var toBobAgain = _f.Sip.OfMethod("INVITE").Last();
        Assert.NotSame(toBob, toBobAgain);
        Assert.Equal(toBob.Request.CallId, toBobAgain.Request.CallId);
        Assert.Equal("2 INVITE", toBobAgain.Request.Headers.Get("CSeq"));
        Assert.Equal(bobLeg.RtpPort, Sdp(toBobAgain.Request).Media[0].Port);

        var bobAnswer = CallFixture.BobSdp.Replace("7000", "7100");
        toBobAgain.Respond(200, bobAnswer);

        Assert.Equal(2, _f.Sip.Acks.Count);
        Assert.Equal("2 ACK", _f.Sip.Acks[1].Ack.Headers.Get("CSeq"));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 7100), _f.Relay.Remotes[bobLeg].Rtp);
        Assert.Equal(200, reinvite.Final!.StatusCode);
        Assert.Equal(aliceLeg.RtpPort, Sdp(reinvite.Final).Media[0].Port);
        Assert.Equal(2, _f.Relay.Legs.Count); // same legs, no new allocation
    }

    [Fact]
    public void Reinvite_from_callee_is_relayed_to_caller_flow()
    {
        var (invite, toBob) = _f.EstablishedCall();
        var reinvite = _f.FromBob(toBob, "INVITE", 5, CallFixture.BobSdp.Replace("7000", "7200"));
        var toAlice = _f.Sip.OfMethod("INVITE").Last();
        Assert.Equal(_f.AliceFlow, toAlice.Target);
        Assert.Equal("call-1@10.0.0.1", toAlice.Request.CallId);
        toAlice.Respond(200, CallFixture.AliceSdp);
        Assert.Equal(200, reinvite.Final!.StatusCode);
        Assert.Contains(_f.Relay.Remotes.Values, r => r.Rtp!.Port == 7200);
    }

    [Fact]
    public void Rejected_reinvite_restores_the_previous_remote()
    {
        var (invite, _) = _f.EstablishedCall();
        var aliceLeg = _f.Relay.LegWithPort(Sdp(invite.Final!).Media[0].Port);
        var reinvite = _f.FromAlice(invite, "INVITE", 2, CallFixture.AliceSdp.Replace("6000", "6100"));
        _f.Sip.OfMethod("INVITE").Last().Respond(488);
        Assert.Equal(488, reinvite.Final!.StatusCode);
        Assert.Equal(6000, _f.Relay.Remotes[aliceLeg].Rtp!.Port);
        Assert.Equal(1, _f.Calls.ActiveCalls);
    }

    [Fact]
    public void Unanchorable_reinvite_gets_488_and_call_continues()
    {
        var (invite, _) = _f.EstablishedCall();
        var reinvite = _f.FromAlice(invite, "INVITE", 2, CallFixture.AliceSdp.Replace("RTP/AVP", "TCP/RTP/AVP"));
        Assert.Equal(488, reinvite.Final!.StatusCode);
        Assert.StartsWith("302 ", reinvite.Final.Headers.Get("Warning"));
        Assert.Equal(1, _f.Calls.ActiveCalls);
    }

    [Theory]
    [InlineData("m=audio 6000 TCP/RTP/AVP 0", "302")]
    [InlineData("m=video 6000 RTP/AVP 96", "304")]
    public void Unanchorable_offer_gets_488_with_warning(string mediaLine, string warningCode)
    {
        var invite = _f.Invite(sdp: CallFixture.AliceSdp.Replace("m=audio 6000 RTP/AVP 0", mediaLine));
        Assert.Equal(488, invite.Final!.StatusCode);
        Assert.StartsWith(warningCode + " mcptt.local \"", invite.Final.Headers.Get("Warning"));
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Sip.Sent);
        Assert.Contains("mcptt_calls_total{result=\"not_acceptable\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Invite_without_sdp_gets_488()
    {
        var invite = _f.Invite(sdp: null);
        Assert.Equal(488, invite.Final!.StatusCode);
        Assert.Contains("SDP", invite.Final.Headers.Get("Warning"));
    }

    [Fact]
    public void Max_forwards_zero_gets_483()
    {
        var invite = _f.Invite(maxForwards: 0);
        Assert.Equal(483, invite.Final!.StatusCode);
        Assert.Empty(_f.Sip.Sent);
    }

    [Theory]
    [InlineData("sip:127.0.0.1:5060", 404)]
    [InlineData("sip:bob@elsewhere.example", 200)]
    public void Request_uri_user_selects_the_callee(string requestUri, int expected)
    {
        var request = new FakeServerRequest(Registrar.SipText.Request($"""
            INVITE {requestUri} SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-ru;rport
            From: <sip:alice@127.0.0.1>;tag=rutag
            To: <sip:bob@127.0.0.1>
            Call-ID: ru-1
            CSeq: 1 INVITE
            Contact: <sip:alice@10.0.0.1:5060>
            Max-Forwards: 70
            Content-Type: application/sdp
            Content-Length: {CallFixture.AliceSdp.Length}

            {CallFixture.AliceSdp}
            """), _f.AliceFlow);
        _f.Calls.OnRequest(request);
        // Any host is ours by default (Registrar:AcceptedHosts empty), so a foreign-looking host still reaches bob.
        Assert.Equal(expected, request.Final?.StatusCode ?? 200);
    }

    [Fact]
    public void Shutdown_hangs_up_established_calls_and_refuses_pending_ones()
    {
        var (_, _) = _f.EstablishedCall();
        _f.Register("carol", "10.0.0.4:5060", FakeServerRequest.Udp("10.0.0.4", 5060));
        var pending = _f.Invite(to: "carol", callId: "call-2@10.0.0.1");
        _f.Calls.Dispose();
        Assert.Equal(503, pending.Final!.StatusCode);
        Assert.Equal(2, _f.Sip.OfMethod("BYE").Count());
        Assert.Empty(_f.Relay.Legs);
        Assert.Equal(0, _f.Calls.ActiveCalls);
    }

    [Fact]
    public void Unregistered_caller_is_refused()
    {
        var invite = _f.Invite(source: FakeServerRequest.Udp("10.66.0.1", 5060));
        Assert.Equal(403, invite.Final!.StatusCode);
        Assert.Empty(_f.Sip.Sent);
    }

    [Fact]
    public void Media_timeout_ends_a_silent_call_but_not_a_talking_one()
    {
        var (invite, _) = _f.EstablishedCall();
        var aliceLeg = _f.Relay.LegWithPort(Sdp(invite.Final!).Media[0].Port);
        for (int second = 0; second < 20; second++)
        {
            _f.Relay.RtpIn[aliceLeg] = _f.Relay.RtpIn.GetValueOrDefault(aliceLeg) + 50;
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(1, _f.Calls.ActiveCalls);
        Assert.Empty(_f.Sip.OfMethod("BYE"));

        _f.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, _f.Calls.ActiveCalls);
        var byes = _f.Sip.OfMethod("BYE").ToList();
        Assert.Equal(2, byes.Count);
        Assert.Contains(byes, b => b.Target == _f.AliceFlow);
        Assert.Contains(byes, b => b.Target == _f.BobFlow);
        Assert.Empty(_f.Relay.Legs);
        Assert.Contains("mcptt_calls_ended_total{reason=\"media_timeout\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Relay_port_exhaustion_gets_503()
    {
        _f.Relay.Capacity = 1;
        var invite = _f.Invite();
        Assert.Equal(503, invite.Final!.StatusCode);
        Assert.Empty(_f.Relay.Legs);
        Assert.Equal(0, _f.Calls.ActiveCalls);
    }

    [Fact]
    public void Early_media_183_is_anchored_toward_the_caller()
    {
        var invite = _f.Invite();
        _f.Sip.OfMethod("INVITE").Single().Respond(183, CallFixture.BobSdp);
        var early = invite.Last;
        Assert.Equal(183, early.StatusCode);
        Assert.Equal("203.0.113.1", Sdp(early).Connection!.Address);
        Assert.Contains(_f.Relay.Remotes.Values, r => r.Rtp!.Port == 7000);
    }

    [Fact]
    public void Ack_timeout_ends_the_call()
    {
        var invite = _f.Invite();
        _f.Sip.OfMethod("INVITE").Single().Respond(200, CallFixture.BobSdp);
        _f.Calls.OnAckTimeout(invite);
        Assert.Equal(0, _f.Calls.ActiveCalls);
        Assert.Equal(2, _f.Sip.OfMethod("BYE").Count());
    }

    [Fact]
    public void Options_validation_names_the_setting()
    {
        var errors = new CallOptions { Domain = "", RingTimeout = TimeSpan.Zero, MediaTimeout = TimeSpan.Zero, MaxCalls = 0 }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Calls:Domain"));
        Assert.Contains(errors, e => e.StartsWith("Calls:RingTimeout"));
        Assert.Contains(errors, e => e.StartsWith("Calls:MediaTimeout"));
        Assert.Contains(errors, e => e.StartsWith("Calls:MaxCalls"));
        Assert.Empty(new CallOptions().Validate());
    }
}
