using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Calls;
using Mcptt.Relay.Core.Control;
using static Mcptt.Control.Ng.Tests.NgTestSupport;

namespace Mcptt.Control.Ng.Tests;

public class NgCallEngineTests
{
    [Fact]
    public void Ping_answers_pong()
    {
        var (processor, _, _) = Create();
        Assert.Equal("pong", processor.Process(Command("ping")).GetString("result"));
    }

    [Fact]
    public void Offer_allocates_a_leg_per_side_bridged_and_returns_the_callee_facing_port()
    {
        var (processor, relay, _) = Create();
        var reply = processor.Process(Offer());
        var sdp = ReplySdp(reply);

        Assert.Equal(2, relay.Legs.Count);
        var bridge = Assert.Single(relay.Bridges);
        Assert.Equal(BridgeMode.AllToOthers, bridge.Value);
        Assert.All(relay.Legs.Keys, leg => Assert.Equal(bridge.Key, relay.Attached[leg]));
        Assert.All(relay.Legs.Values, options => Assert.True(options.LearnSource));

        // The caller-facing leg knows where the caller receives (from its SDP, RTCP = port + 1 by default).
        var callerLeg = relay.Remotes.Single().Key;
        Assert.Equal((Ep("10.0.0.1", 49170), Ep("10.0.0.1", 49171)), relay.Remotes[callerLeg]);

        // The SDP for the callee names the *other* leg on the relay address.
        var calleeLeg = relay.Legs.Keys.Single(l => l != callerLeg);
        Assert.Equal("192.0.2.10", sdp.Connection!.Address);
        Assert.Equal("192.0.2.10", sdp.Origin.Address);
        Assert.Equal(calleeLeg.RtpPort, sdp.Media[0].Port);
        Assert.Equal(calleeLeg.RtpPort + 1, calleeLeg.RtcpPort);
        Assert.Null(sdp.Media[0].Rtcp); // RTCP on port + 1 is the RFC 3550 default; no a=rtcp needed
        Assert.Equal("2890844527", sdp.Origin.SessionVersion); // changed description, next version
        Assert.Equal(new[] { "0", "8", "101" }, sdp.Media[0].Formats);
        Assert.DoesNotContain(sdp.Media[0].Attributes, a => a.Name is "candidate" or "ice-ufrag");
        Assert.Contains(sdp.Media[0].Attributes, a => a.Name == "rtpmap");
    }

    [Fact]
    public void Answer_sets_the_callee_remote_and_returns_the_caller_facing_port()
    {
        var (processor, relay, _) = Create();
        var offerSdp = ReplySdp(processor.Process(Offer()));
        var callerLeg = relay.Remotes.Single().Key;
        var calleeLeg = relay.Legs.Keys.Single(l => l != callerLeg);

        var answerSdp = ReplySdp(processor.Process(Answer()));

        Assert.Equal(2, relay.Legs.Count); // nothing new allocated
        Assert.Equal(callerLeg.RtpPort, answerSdp.Media[0].Port);
        Assert.Equal(callerLeg.RtcpPort, answerSdp.Media[0].Rtcp!.Port);
        Assert.Equal(calleeLeg.RtpPort, offerSdp.Media[0].Port);
        Assert.Equal((Ep("10.0.0.2", 60000), Ep("10.0.0.2", 60011)), relay.Remotes[calleeLeg]); // a=rtcp honoured
    }

    [Fact]
    public void Reoffer_keeps_the_ports()
    {
        var (processor, relay, _) = Create();
        int first = ReplySdp(processor.Process(Offer())).Media[0].Port;
        processor.Process(Answer());
        int second = ReplySdp(processor.Process(Offer())).Media[0].Port;
        Assert.Equal(first, second);
        Assert.Equal(2, relay.Legs.Count);

        // The callee re-INVITEs: from-tag is now the callee's; the SDP goes to the caller.
        var reinvite = Offer(fromTag: "tagB", sdp: CalleeSdp);
        reinvite.Set("to-tag", "tagA");
        var toCaller = ReplySdp(processor.Process(reinvite));
        var callerLeg = relay.Remotes.Keys.Single(l => relay.Remotes[l].Rtp!.Address.ToString() == "10.0.0.1");
        Assert.Equal(callerLeg.RtpPort, toCaller.Media[0].Port);
        Assert.Equal(2, relay.Legs.Count);
    }

    [Fact]
    public void Two_media_get_two_bridges_and_rejected_media_stay_rejected()
    {
        var (processor, relay, _) = Create();
        string sdp = CallerSdp + "m=video 0 RTP/AVP 96\r\n" + "m=audio 49180 RTP/AVP 0\r\na=rtcp-mux\r\n";
        var reply = ReplySdp(processor.Process(Offer(sdp: sdp)));
        Assert.Equal(6, relay.Legs.Count);
        Assert.Equal(3, relay.Bridges.Count);
        Assert.Equal(0, reply.Media[1].Port);
        Assert.NotEqual(0, reply.Media[2].Port);
        Assert.Null(reply.Media[2].Rtcp); // muxed: no a=rtcp
        Assert.Contains(reply.Media[2].Attributes, a => a.Name == "rtcp-mux");
        Assert.Contains((Ep("10.0.0.1", 49180), Ep("10.0.0.1", 49180)), relay.Remotes.Values);
        Assert.Contains((null, null), relay.Remotes.Values);
    }

    [Fact]
    public void Video_is_relayed_and_tcp_media_is_disabled()
    {
        var (processor, relay, _) = Create();
        string sdp = CallerSdp + "m=video 51372 RTP/AVP 96\r\n" + "m=application 9 TCP/BFCP *\r\n";
        var reply = ReplySdp(processor.Process(Offer(sdp: sdp)));
        Assert.NotEqual(0, reply.Media[1].Port);
        Assert.Equal(0, reply.Media[2].Port);
        Assert.Contains((Ep("10.0.0.1", 51372), Ep("10.0.0.1", 51373)), relay.Remotes.Values);
    }

    [Fact]
    public void Hold_offer_with_zero_address_is_accepted_and_sets_no_remote()
    {
        var (processor, relay, _) = Create();
        processor.Process(Offer());
        var hold = CallerSdp.Replace("c=IN IP4 10.0.0.1", "c=IN IP4 0.0.0.0", StringComparison.Ordinal);
        var reply = processor.Process(Offer(sdp: hold));
        Assert.Equal("ok", reply.GetString("result"));
        Assert.Contains((null, null), relay.Remotes.Values);
        Assert.Equal(2, relay.Legs.Count);
    }

    [Fact]
    public void Received_from_replaces_the_sdp_address_unless_trust_address()
    {
        var (processor, relay, _) = Create();
        var offer = Offer(callId: "nat").Set("received-from", new BList().Add("IP4").Add("203.0.113.7"));
        processor.Process(offer);
        Assert.Equal(Ep("203.0.113.7", 49170), relay.Remotes.Values.Single().Rtp);

        var (processor2, relay2, _) = Create();
        var trusted = Offer(callId: "nat", flags: "trust-address").Set("received-from", new BList().Add("IP4").Add("203.0.113.7"));
        processor2.Process(trusted);
        Assert.Equal(Ep("10.0.0.1", 49170), relay2.Remotes.Values.Single().Rtp);
    }

    [Fact]
    public void Kamailio_flags_are_accepted_and_unknown_flags_only_warn()
    {
        var (processor, _, _) = Create();
        var offer = Offer(flags: new[] { "trust-address", "SIP-source-address", "symmetric", "asymmetric", "strict source", "media-handover", "port-latching", "RTP/AVP", "ICE=remove", "direction=external" })
            .Set("replace", new BList().Add("origin").Add("session-connection"))
            .Set("rtcp-mux", new BList().Add("demux"))
            .Set("ICE", "remove").Set("transport-protocol", "RTP/AVP").Set("via-branch", "z9hG4bK1");
        var reply = processor.Process(offer);
        Assert.Equal("ok", reply.GetString("result"));
        Assert.Null(reply.GetString("warning"));

        var odd = processor.Process(Offer(callId: "call-2", flags: new[] { "symmetric", "frobnicate", "xyzzy" }));
        Assert.Equal("ok", odd.GetString("result"));
        Assert.Contains("frobnicate", odd.GetString("warning"));
        Assert.Contains("xyzzy", odd.GetString("warning"));
        Assert.DoesNotContain("symmetric", odd.GetString("warning"));
    }

    [Fact]
    public void Offer_as_kamailio_5_6_rtpengine_manage_sends_it_is_accepted_without_warning()
    {
        // Key order and spelling as captured from kamailio 5.6.3's rtpengine module with
        // rtpengine_manage("trust-address replace-origin replace-session-connection ICE=remove RTP/AVP symmetric").
        var (processor, relay, _) = Create();
        var offer = new BDictionary()
            .Set("supports", new BList().Add("load limit"))
            .Set("sdp", CallerSdp)
            .Set("ICE", "remove")
            .Set("flags", new BList().Add("trust-address").Add("symmetric"))
            .Set("replace", new BList().Add("origin").Add("session-connection"))
            .Set("transport-protocol", "RTP/AVP")
            .Set("call-id", "1-21682@127.0.0.1")
            .Set("received-from", new BList().Add("IP4").Add("127.0.0.1"))
            .Set("from-tag", "21682SIPpTag001")
            .Set("command", "offer");
        var reply = processor.Process(offer);
        Assert.Equal("ok", reply.GetString("result"));
        Assert.Null(reply.GetString("warning"));
        Assert.Equal(Ep("10.0.0.1", 49170), relay.Remotes.Values.Single().Rtp); // trust-address: SDP, not received-from
    }

    [Theory]
    [InlineData("frobnicate", "Unrecognized command")]
    [InlineData(null, "No command in message")]
    public void Unknown_or_missing_command_is_an_error(string? command, string reason)
    {
        var (processor, _, _) = Create();
        var request = command is null ? new BDictionary() : Command(command);
        var reply = processor.Process(request);
        Assert.Equal("error", reply.GetString("result"));
        Assert.Equal(reason, reply.GetString("error-reason"));
    }

    [Fact]
    public void Offer_errors_name_what_is_missing()
    {
        var (processor, relay, _) = Create();
        Assert.Equal("No call-id in message", processor.Process(Command("offer")).GetString("error-reason"));
        Assert.Equal("No SDP body in message", processor.Process(Command("offer", "c").Set("from-tag", "a")).GetString("error-reason"));
        Assert.StartsWith("Failed to parse SDP", processor.Process(Offer(sdp: "garbage")).GetString("error-reason"));
        Assert.Equal("Unknown call-id", processor.Process(Answer(callId: "nope")).GetString("error-reason"));
        Assert.Equal("No to-tag in message", processor.Process(Answer().Set("to-tag", "")).GetString("error-reason"));
        Assert.Empty(relay.Legs);
    }

    [Fact]
    public void Port_exhaustion_is_an_error_and_leaks_nothing()
    {
        var relay = new FakeRelayControl(maxLegs: 3);
        var (processor, _, _) = Create(relay: relay);
        Assert.Equal("ok", processor.Process(Offer(callId: "a")).GetString("result"));
        var reply = processor.Process(Offer(callId: "b"));
        Assert.Equal("Ran out of ports", reply.GetString("error-reason"));
        Assert.Equal(2, relay.Legs.Count);
        Assert.Single(relay.Bridges);
        Assert.Equal(1, processor.Engine.CallCount);
    }

    [Fact]
    public void Delete_frees_every_leg_and_bridge()
    {
        var (processor, relay, _) = Create();
        processor.Process(Offer());
        processor.Process(Answer());
        var reply = processor.Process(Command("delete", "call-1").Set("from-tag", "tagA"));
        Assert.Equal("ok", reply.GetString("result"));
        Assert.NotNull(reply["totals"]); // stats of the deleted call, like rtpengine
        Assert.Empty(relay.Legs);
        Assert.Empty(relay.Bridges);
        Assert.Equal(0, processor.Engine.CallCount);

        var again = processor.Process(Command("delete", "call-1"));
        Assert.Equal("ok", again.GetString("result"));
        Assert.NotNull(again.GetString("warning"));
        var fatal = processor.Process(Command("delete", "call-1").Set("flags", new BList().Add("fatal")));
        Assert.Equal("error", fatal.GetString("result"));
    }

    [Fact]
    public void Delete_of_one_branch_keeps_the_caller_ports_for_another_answer()
    {
        var (processor, relay, _) = Create();
        int callerPort = ReplySdp(processor.Process(Offer())).Media[0].Port;
        int callerFacing = ReplySdp(processor.Process(Answer(toTag: "branch1"))).Media[0].Port;
        var delete = Command("delete", "call-1").Set("from-tag", "tagA").Set("to-tag", "branch1").Set("flags", new BList().Add("to-tag"));
        Assert.Equal("ok", processor.Process(delete).GetString("result"));
        Assert.Single(relay.Legs); // only the caller-facing leg remains
        Assert.Equal(1, processor.Engine.CallCount);

        var answer2 = ReplySdp(processor.Process(Answer(toTag: "branch2")));
        Assert.Equal(callerFacing, answer2.Media[0].Port);
        Assert.Equal(2, relay.Legs.Count);
        Assert.Single(relay.Bridges);
        Assert.All(relay.Legs.Keys, leg => Assert.True(relay.Attached.ContainsKey(leg)));
        Assert.NotEqual(callerPort, callerFacing);
    }

    [Fact]
    public void A_second_fork_answer_gets_its_own_legs_on_the_same_bridge()
    {
        var (processor, relay, _) = Create();
        processor.Process(Offer());
        int first = ReplySdp(processor.Process(Answer(toTag: "fork1"))).Media[0].Port;
        int second = ReplySdp(processor.Process(Answer(toTag: "fork2", sdp: CalleeSdp.Replace("60000", "60100", StringComparison.Ordinal)))).Media[0].Port;
        Assert.Equal(first, second); // both answers point the caller at its own leg
        Assert.Equal(3, relay.Legs.Count);
        Assert.Single(relay.Bridges);
        var query = processor.Process(Command("query", "call-1"));
        var tags = Assert.IsType<BDictionary>(query["tags"]);
        Assert.NotNull(tags["fork1"]);
        Assert.NotNull(tags["fork2"]);
    }

    [Fact]
    public void Equal_from_and_to_tags_are_refused()
    {
        var (processor, relay, _) = Create();
        Assert.Equal("from-tag and to-tag are identical", processor.Process(Offer().Set("to-tag", "tagA")).GetString("error-reason"));
        processor.Process(Offer());
        Assert.Equal("from-tag and to-tag are identical", processor.Process(Answer(toTag: "tagA")).GetString("error-reason"));
        Assert.Equal(2, relay.Legs.Count);
    }

    [Fact]
    public void Hostile_flag_lists_give_a_bounded_warning()
    {
        var (processor, _, _) = Create();
        var flags = Enumerable.Range(0, 3000).Select(i => "junk" + i + new string('x', 100)).ToArray();
        var reply = processor.Process(Offer(flags: flags));
        Assert.Equal("ok", reply.GetString("result"));
        string warning = reply.GetString("warning")!;
        Assert.Contains("(and 2990 more)", warning);
        Assert.True(warning.Length < 1200, $"warning is {warning.Length} chars");
    }

    [Fact]
    public void List_reply_stays_within_a_datagram()
    {
        var (processor, _, _) = Create(new NgEngineOptions { MaxIdLength = 256 });
        for (int i = 0; i < 300; i++) processor.Process(Offer(callId: i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + new string('c', 250)));
        var reply = processor.Process(Command("list").Set("limit", 10_000));
        Assert.InRange(Bencode.BencodeWriter.ToArray(reply).Length, 50_000, 64_000);
    }

    [Fact]
    public void Query_reports_tags_and_per_stream_counters()
    {
        var (processor, relay, _) = Create();
        processor.Process(Offer().Set("label", "caller"));
        processor.Process(Answer());
        var callerLeg = relay.Remotes.Keys.Single(l => relay.Remotes[l].Rtp!.Port == 49170);
        var calleeLeg = relay.Legs.Keys.Single(l => l != callerLeg);
        relay.Stats[callerLeg] = new LegStats(100, 17200, 3, 90, 15480, 2, 0, Ep("10.0.0.1", 40000), null);
        relay.Stats[calleeLeg] = new LegStats(50, 8600, 1, 100, 17200, 0, 0, null, null);

        var reply = processor.Process(Command("query", "call-1"));
        Assert.Equal("ok", reply.GetString("result"));
        Assert.True(reply.GetInteger("created") > 0);
        var tags = Assert.IsType<BDictionary>(reply["tags"]);
        var a = Assert.IsType<BDictionary>(tags["tagA"]);
        Assert.Equal("tagB", a.GetString("in dialogue with"));
        Assert.Equal("caller", a.GetString("label"));
        var media = Assert.IsType<BDictionary>(Assert.IsType<BList>(a["medias"]).Items[0]);
        var rtp = Assert.IsType<BDictionary>(Assert.IsType<BList>(media["streams"]).Items[0]);
        Assert.Equal(callerLeg.RtpPort, rtp.GetInteger("local port"));
        Assert.Equal(100, Assert.IsType<BDictionary>(rtp["stats"]).GetInteger("packets"));
        Assert.Equal(40000, Assert.IsType<BDictionary>(rtp["endpoint"]).GetInteger("port")); // learned source wins
        var totals = Assert.IsType<BDictionary>(Assert.IsType<BDictionary>(reply["totals"])["RTP"]);
        Assert.Equal(150, totals.GetInteger("packets"));
        Assert.Equal(25800, totals.GetInteger("bytes"));
        Assert.Equal(2, totals.GetInteger("errors"));

        Assert.Equal("Unknown call-id", processor.Process(Command("query", "nope")).GetString("error-reason"));
    }

    [Fact]
    public void List_returns_call_ids_up_to_the_limit()
    {
        var (processor, _, _) = Create();
        for (int i = 0; i < 5; i++) processor.Process(Offer(callId: "c" + i));
        var all = Assert.IsType<BList>(processor.Process(Command("list"))["calls"]);
        Assert.Equal(5, all.Items.Count);
        var two = Assert.IsType<BList>(processor.Process(Command("list").Set("limit", 2))["calls"]);
        Assert.Equal(2, two.Items.Count);
        Assert.Equal("error", processor.Process(Command("list").Set("limit", 0)).GetString("result"));
    }

    [Fact]
    public void Call_limit_is_enforced()
    {
        var (processor, relay, _) = Create(new NgEngineOptions { MaxCalls = 2 });
        processor.Process(Offer(callId: "a"));
        processor.Process(Offer(callId: "b"));
        Assert.Equal("Too many calls", processor.Process(Offer(callId: "c")).GetString("error-reason"));
        Assert.Equal(4, relay.Legs.Count);
    }

    [Fact]
    public void Metrics_count_commands_by_result_and_calls()
    {
        var (processor, _, metrics) = Create();
        processor.Process(Command("ping"));
        processor.Process(Offer());
        processor.Process(Command("bogus"));
        string text = metrics.Render();
        Assert.Contains("mcptt_ng_commands_total{command=\"ping\",result=\"ok\"} 1", text);
        Assert.Contains("mcptt_ng_commands_total{command=\"offer\",result=\"ok\"} 1", text);
        Assert.Contains("mcptt_ng_commands_total{command=\"other\",result=\"error\"} 1", text);
        Assert.Contains("mcptt_ng_calls 1", text);
    }
}
