using System.Globalization;
using Mcptt.Relay.Core.Control;
using Mcptt.Floor.Server;

namespace Mcptt.Signaling.Tests.Groups;

public sealed class GroupCallTests : IDisposable
{
    private const string McpttOffer = "mc_queueing;mc_priority=9;mc_granted;mc_implicit_request";
    private readonly GroupFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Member_invite_is_answered_and_fanned_out_to_the_other_registered_members()
    {
        var invite = _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", McpttOffer));

        Assert.Equal(200, invite.Final!.StatusCode);
        var answer = GroupFixture.Sdp(invite.Final);
        var bridge = Assert.Single(_f.Relay.Bridges);
        Assert.Equal(BridgeMode.FloorHolderOnly, bridge.Value);

        // Audio narrowed to PCMU on a media leg in the bridge; the floor channel on its own diverted single-port leg.
        var audio = answer.Media[0];
        Assert.Equal(["0"], audio.Formats);
        var audioLeg = _f.Relay.LegWithPort(audio.Port);
        Assert.Equal(LegKind.Media, _f.Relay.Legs[audioLeg].Kind);
        var floorLeg = _f.Relay.LegWithPort(answer.Media[1].Port);
        Assert.Equal(LegKind.Diverted, _f.Relay.Legs[floorLeg].Kind);
        Assert.True(_f.Relay.Legs[floorLeg].SinglePort);
        Assert.False(_f.Relay.Attached.ContainsKey(floorLeg));
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.0.0.1"), 6010), _f.Relay.Remotes[floorLeg].Rtp);

        // fmtp: priority capped at alice's 8 (offered 9), queueing, implicit request accepted and granted at once,
        // mc_ssrc = the SSRC the relay uses toward alice.
        uint aliceSsrc = _f.Relay.Attached[audioLeg].Ssrc;
        Assert.NotEqual(0u, aliceSsrc);
        Assert.Equal($"mc_queueing;mc_priority=8;mc_granted;mc_implicit_request;mc_ssrc={aliceSsrc.ToString(CultureInfo.InvariantCulture)}", GroupFixture.Fmtp(answer));
        Assert.Equal(audioLeg, _f.Relay.Holders[bridge.Key]);

        // bob and carol are invited (dave is registered but no member), each with a distinct outgoing SSRC.
        var invites = _f.Sip.OfMethod("INVITE").ToList();
        Assert.Equal(new[] { "bob", "carol" }, invites.Select(i => i.Request.To!.SipUri!.User!).Order().ToArray());
        Assert.All(invites, i => Assert.Equal("sip:group1@127.0.0.1", i.Request.From!.Uri.ToString()));
        var toBob = _f.InviteTo("bob");
        Assert.Equal(GroupFixture.FlowOf("bob"), toBob.Target);
        var bobOffer = GroupFixture.Sdp(toBob.Request);
        Assert.Equal("mc_queueing;mc_priority=5", GroupFixture.Fmtp(bobOffer));
        var ssrcs = _f.Relay.Attached.Values.Select(a => a.Ssrc).ToList();
        Assert.Equal(3, ssrcs.Count);
        Assert.Equal(3, ssrcs.Distinct().Count());
        Assert.Contains("mcptt_group_invites_total{result=\"started\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Implicit_request_without_mc_granted_is_accepted_but_not_reported_granted()
    {
        var invite = _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", "mc_implicit_request"));
        var fmtp = GroupFixture.Fmtp(GroupFixture.Sdp(invite.Final!))!;
        Assert.StartsWith("mc_implicit_request;mc_ssrc=", fmtp);
        Assert.DoesNotContain("mc_granted", fmtp);
        Assert.DoesNotContain("mc_queueing", fmtp);
    }

    [Theory]
    [InlineData("mc_priority=300", "mc_priority 300 out of range")]
    [InlineData("mc_granted=1", "mc_granted takes no value")]
    [InlineData("mc_queueing;;mc_granted", "is empty")]
    [InlineData("mc_ssrc=abc", "mc_ssrc must be a decimal")]
    public void Malformed_fmtp_gets_488_with_a_warning_saying_what_is_wrong(string fmtp, string expected)
    {
        var invite = _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", fmtp));
        Assert.Equal(488, invite.Final!.StatusCode);
        var warning = invite.Final.Headers.Get("Warning")!;
        Assert.StartsWith("399 127.0.0.1 \"", warning);
        Assert.Contains(expected, warning);
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Relay.Bridges);
        Assert.Empty(_f.Sip.OfMethod("INVITE"));
    }

    [Fact]
    public void Non_member_gets_403_and_nothing_is_allocated()
    {
        var invite = _f.InviteGroup("dave", GroupFixture.ClientSdp("10.0.0.4", McpttOffer));
        Assert.Equal(403, invite.Final!.StatusCode);
        Assert.Contains("dave is not a member of group group1", invite.Final.Headers.Get("Warning"));
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Sip.OfMethod("INVITE"));
        Assert.Contains("mcptt_group_invites_total{result=\"forbidden\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Answering_members_join_the_floor_session_and_a_legacy_phone_joins_without_floor_channel()
    {
        _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", McpttOffer));
        _f.InviteTo("bob").Respond(200, GroupFixture.ClientSdp("10.0.0.2", "mc_queueing;mc_priority=5", 7000));
        _f.InviteTo("carol").Respond(200, GroupFixture.ClientSdp("10.0.0.3", null, 8000));

        var session = _f.Groups.SessionOf("group1")!;
        Assert.Equal(3, session.Floor!.ParticipantCount);
        Assert.Equal(2, _f.Sip.Acks.Count);
        var carol = session.Find("carol")!;
        Assert.Null(carol.FloorLeg);                      // the unused floor leg was given back
        Assert.Equal(3, _f.Relay.Legs.Count(l => l.Value.Kind == LegKind.Media));
        Assert.Equal(2, _f.Relay.Legs.Count(l => l.Value.Kind == LegKind.Diverted));
        // alice holds the floor: the joiners were told (Floor Taken to bob's floor leg; carol has no channel).
        var bob = session.Find("bob")!;
        Assert.Contains(_f.Relay.FloorSent, s => s.Leg == bob.FloorLeg && (s.Datagram[0] & 0x1F) == 2);
        Assert.Equal(ParticipantFloorState.NotPermittedTaken, session.Floor.GetParticipantState("carol"));
    }

    [Fact]
    public void Legacy_members_take_the_floor_by_voice_and_their_silence_neither_requests_nor_holds_it()
    {
        // Three plain SIP phones (baresip): no floor channel anywhere; muted ones keep sending digital silence.
        _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", null));
        _f.InviteTo("bob").Respond(200, GroupFixture.ClientSdp("10.0.0.2", null, 7000));
        _f.InviteTo("carol").Respond(200, GroupFixture.ClientSdp("10.0.0.3", null, 8000));
        var session = _f.Groups.SessionOf("group1")!;
        var legs = new[] { "alice", "bob", "carol" }.ToDictionary(u => u, u => session.Find(u)!.AudioLeg!.Value);
        Assert.All(legs.Values, leg => Assert.True(_f.Relay.Legs[leg].DetectVoice));
        long now = 1000;

        void Send(params string[] talking)
        {
            for (int i = 0; i < 4; i++)
            {
                now += 50;
                foreach (var (user, leg) in legs)
                {
                    _f.Relay.LastRtp[leg] = now;
                    if (talking.Contains(user)) _f.Relay.LastVoice[leg] = now;
                }
                _f.Clock.Advance(TimeSpan.FromMilliseconds(250));
            }
        }

        Send();
        Assert.Null(session.Floor!.Holder);
        Send("bob");
        Assert.Equal("bob", session.Floor.Holder);
        Assert.Equal(legs["bob"], _f.Relay.Holders[session.Bridge]);
        Send("bob", "carol");                       // carol talks over bob: gated, bob keeps the floor
        Assert.Equal("bob", session.Floor.Holder);
        Send(); Send(); Send(); Send(); Send();       // 5 s of silence from everyone (T1 is 4 s)
        Assert.Null(session.Floor.Holder);
        Assert.Null(_f.Relay.Holders[session.Bridge]);
        Send("carol");
        Assert.Equal("carol", session.Floor.Holder);
    }

    [Fact]
    public void Member_leaves_with_bye_and_rejoins_with_a_new_invite_to_the_group()
    {
        var aliceInvite = _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", McpttOffer));
        _f.InDialog(aliceInvite, "ACK", 1);
        var toBob = _f.InviteTo("bob");
        toBob.Respond(200, GroupFixture.ClientSdp("10.0.0.2", "mc_queueing", 7000));
        _f.InviteTo("carol").Respond(486);
        var session = _f.Groups.SessionOf("group1")!;
        Assert.Null(session.Find("carol"));
        int legsBefore = _f.Relay.Legs.Count;

        var bye = _f.ByeFromInvited(toBob);
        Assert.Equal(200, bye.Final!.StatusCode);
        Assert.Null(session.Find("bob"));
        Assert.Equal(1, session.Floor!.ParticipantCount);
        Assert.Equal(legsBefore - 2, _f.Relay.Legs.Count);
        Assert.True(_f.Groups.IsActive("group1"));

        int invitesSent = _f.Sip.OfMethod("INVITE").Count();
        var rejoin = _f.InviteGroup("bob", GroupFixture.ClientSdp("10.0.0.2", "mc_queueing;mc_implicit_request;mc_granted", 7100));
        Assert.Equal(200, rejoin.Final!.StatusCode);
        Assert.Equal(invitesSent, _f.Sip.OfMethod("INVITE").Count());   // joining does not invite anyone again
        Assert.Same(session, _f.Groups.SessionOf("group1"));
        Assert.Equal(2, session.Floor.ParticipantCount);
        // alice talks, so bob's implicit request is queued, not granted.
        var fmtp = GroupFixture.Fmtp(GroupFixture.Sdp(rejoin.Final))!;
        Assert.Contains("mc_implicit_request", fmtp);
        Assert.DoesNotContain("mc_granted", fmtp);
        Assert.Equal(["bob"], session.Floor.GetQueue());
        Assert.Contains("mcptt_group_invites_total{result=\"joined\"} 1", _f.MetricsText);

        var again = _f.InviteGroup("bob", GroupFixture.ClientSdp("10.0.0.2", "mc_queueing", 7200));
        Assert.Equal(486, again.Final!.StatusCode);
    }

    [Fact]
    public void Call_ends_when_the_last_member_leaves()
    {
        var aliceInvite = _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", McpttOffer));
        _f.InDialog(aliceInvite, "ACK", 1);
        var toBob = _f.InviteTo("bob");
        toBob.Respond(200, GroupFixture.ClientSdp("10.0.0.2", "mc_queueing", 7000));
        var toCarol = _f.InviteTo("carol");   // still ringing

        Assert.Equal(200, _f.InDialog(aliceInvite, "BYE", 2).Final!.StatusCode);
        Assert.True(_f.Groups.IsActive("group1"));
        _f.ByeFromInvited(toBob);

        Assert.False(_f.Groups.IsActive("group1"));
        Assert.True(toCarol.Cancelled);
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Relay.Bridges);
        Assert.Empty(_f.Sip.OfMethod("BYE"));          // both left by themselves; nobody else to hang up
        Assert.Equal(0, _f.FloorServer.Metrics.Sessions);
        Assert.Contains("mcptt_group_calls_ended_total{reason=\"last_left\"} 1", _f.MetricsText);

        // A new INVITE to the group starts a new call.
        var next = _f.InviteGroup("carol", GroupFixture.ClientSdp("10.0.0.3", null));
        Assert.Equal(200, next.Final!.StatusCode);
        Assert.True(_f.Groups.IsActive("group1"));
    }

    [Fact]
    public void Idle_floor_for_T4_ends_the_call_with_bye_to_everyone()
    {
        var aliceInvite = _f.InviteGroup("alice", GroupFixture.ClientSdp("10.0.0.1", "mc_queueing"));
        _f.InDialog(aliceInvite, "ACK", 1);
        _f.InviteTo("bob").Respond(200, GroupFixture.ClientSdp("10.0.0.2", "mc_queueing", 7000));
        _f.InviteTo("carol").Respond(200, GroupFixture.ClientSdp("10.0.0.3", null, 8000));
        Assert.Equal(GeneralFloorState.Idle, _f.Groups.SessionOf("group1")!.Floor!.State);

        _f.Clock.Advance(GroupFixture.T4 - TimeSpan.FromSeconds(1));
        Assert.True(_f.Groups.IsActive("group1"));
        _f.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(_f.Groups.IsActive("group1"));
        var byes = _f.Sip.OfMethod("BYE").ToList();
        Assert.Equal(3, byes.Count);
        Assert.Contains(byes, b => b.Request.CallId == aliceInvite.Request.CallId && b.Request.To!.Tag == "alicetag1");
        Assert.Empty(_f.Relay.Legs);
        Assert.Empty(_f.Relay.Bridges);
        Assert.Contains("mcptt_group_calls_ended_total{reason=\"inactivity\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Offer_without_a_relayable_codec_gets_488()
    {
        var sdp = "v=0\r\no=u 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n";
        var invite = _f.InviteGroup("alice", sdp);
        Assert.Equal(488, invite.Final!.StatusCode);
        Assert.Contains("PCMU", invite.Final.Headers.Get("Warning"));
    }

    [Fact]
    public void Requests_outside_group_calls_are_left_to_1_to_1_call_control()
    {
        var text = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-x\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var request = new Mcptt.Signaling.Tests.Calls.FakeServerRequest(Mcptt.Signaling.Tests.Registrar.SipText.Request(text), GroupFixture.FlowOf("alice"));
        Assert.False(_f.Groups.TryHandle(request));
        Assert.Empty(request.Responses);
    }
}
