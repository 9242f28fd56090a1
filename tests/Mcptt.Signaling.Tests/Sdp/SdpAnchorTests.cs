using System.Net;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Tests.Sdp;

public class SdpAnchorTests
{
    private static readonly IPAddress Relay = IPAddress.Parse("203.0.113.5");

    private static SessionDescription Parse(string text)
    {
        var result = SdpParser.Parse(text);
        Assert.True(result.Ok, result.Error);
        return result.Sdp;
    }

    [Fact]
    public void Sipp_offer_is_anchored_to_the_leg_and_version_bumped()
    {
        var sdp = Parse(SdpSamples.Sipp);
        var assessment = SdpAnchor.Assess(sdp);
        Assert.True(assessment.Ok, assessment.Reason);
        var stream = assessment.Plan.Streams[0]!;
        Assert.Equal(AnchorStreamKind.Rtp, stream.Kind);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6000), stream.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6001), stream.RemoteRtcp);

        var anchored = SdpAnchor.Apply(sdp, assessment.Plan, Relay, new LegHandle?[] { new LegHandle(1, 30000, 30001) });
        var expected = SdpSamples.Crlf("""
            v=0
            o=user1 53655765 2353687638 IN IP4 127.0.0.1
            s=-
            c=IN IP4 203.0.113.5
            t=0 0
            m=audio 30000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000

            """);
        Assert.Equal(expected, anchored.ToString());
        Assert.Equal(SdpSamples.Sipp, sdp.ToString()); // the input is not modified
    }

    [Fact]
    public void Mcptt_offer_anchors_audio_and_floor_channel_and_keeps_fmtp()
    {
        var sdp = Parse(SdpSamples.Mcptt);
        var assessment = SdpAnchor.Assess(sdp);
        Assert.True(assessment.Ok, assessment.Reason);
        Assert.Equal(AnchorStreamKind.FloorControl, assessment.Plan.Streams[1]!.Kind);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 49171), assessment.Plan.Streams[0]!.RemoteRtcp);
        Assert.Null(assessment.Plan.Streams[1]!.RemoteRtcp);

        var anchored = SdpAnchor.Apply(sdp, assessment.Plan, Relay,
            new LegHandle?[] { new LegHandle(1, 40000, 40001), new LegHandle(2, 40002, 40002) });
        var text = anchored.ToString();
        Assert.Contains("m=audio 40000 RTP/AVP 96 0\r\n", text);
        Assert.Contains("a=rtcp:40001\r\n", text);
        Assert.Contains("m=application 40002 udp MCPTT\r\n", text);
        Assert.Contains("a=fmtp:MCPTT mc_priority=7;mc_granted;mc_implicit_request\r\n", text);
        Assert.Contains("c=IN IP4 203.0.113.5\r\n", text);
        Assert.DoesNotContain("192.0.2.10 ", text.Replace("o=alice 2890844526 2890844527 IN IP4 192.0.2.10", ""));
        Assert.Equal("2890844527", anchored.Origin.SessionVersion);
        Assert.True(SdpParser.Parse(text).Ok);
    }

    [Fact]
    public void Anchoring_twice_with_the_same_legs_gives_the_same_version()
    {
        var sdp = Parse(SdpSamples.Sipp);
        var plan = SdpAnchor.Assess(sdp).Plan!;
        var legs = new LegHandle?[] { new LegHandle(1, 30000, 30001) };
        Assert.Equal(SdpAnchor.Apply(sdp, plan, Relay, legs).ToString(), SdpAnchor.Apply(sdp, plan, Relay, legs).ToString());
    }

    [Fact]
    public void Already_anchored_description_keeps_its_version()
    {
        var sdp = Parse(SdpSamples.Sipp.Replace("127.0.0.1\r\nt", "203.0.113.5\r\nt").Replace("6000", "30000"));
        var plan = SdpAnchor.Assess(sdp).Plan!;
        var anchored = SdpAnchor.Apply(sdp, plan, Relay, new LegHandle?[] { new LegHandle(1, 30000, 30001) });
        Assert.Equal(sdp.Origin.SessionVersion, anchored.Origin.SessionVersion);
    }

    [Fact]
    public void Media_level_connection_rtcp_address_and_ice_are_rewritten()
    {
        var sdp = Parse(SdpSamples.Crlf("""
            v=0
            o=- 7 7 IN IP4 10.0.0.1
            s=-
            t=0 0
            a=ice-ufrag:abcd
            m=audio 5000 RTP/AVP 0
            c=IN IP4 10.0.0.1
            a=rtcp:5001 IN IP4 10.0.0.1
            a=candidate:1 1 UDP 2130706431 10.0.0.1 5000 typ host
            a=sendonly

            """));
        var plan = SdpAnchor.Assess(sdp).Plan!;
        var text = SdpAnchor.Apply(sdp, plan, Relay, new LegHandle?[] { new LegHandle(1, 30010, 30011) }).ToString();
        Assert.Contains("c=IN IP4 203.0.113.5\r\n", text);
        Assert.Contains("a=rtcp:30011 IN IP4 203.0.113.5\r\n", text);
        Assert.Contains("a=sendonly\r\n", text);
        Assert.DoesNotContain("candidate", text);
        Assert.DoesNotContain("ice-ufrag", text);
        Assert.DoesNotContain("10.0.0.1 5000", text);
    }

    [Fact]
    public void Unrelayable_section_next_to_audio_is_disabled()
    {
        var sdp = Parse(SdpSamples.Sipp + "m=video 6002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
        var assessment = SdpAnchor.Assess(sdp);
        Assert.True(assessment.Ok);
        Assert.Null(assessment.Plan.Streams[1]);
        var anchored = SdpAnchor.Apply(sdp, assessment.Plan, Relay, new LegHandle?[] { new LegHandle(1, 30000, 30001), null });
        Assert.Equal(0, anchored.Media[1].Port);
        Assert.Equal(30000, anchored.Media[0].Port);
    }

    [Fact]
    public void Hold_stream_is_anchored_with_unknown_remote()
    {
        var sdp = Parse(SdpSamples.Sipp + "m=audio 7000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n");
        var plan = SdpAnchor.Assess(sdp).Plan!;
        Assert.NotNull(plan.Streams[1]);
        Assert.Null(plan.Streams[1]!.RemoteRtp);
        Assert.Equal(2, plan.AnchoredCount);
    }

    [Fact]
    public void Rtcp_mux_without_rtcp_attribute_means_rtcp_on_the_rtp_port()
    {
        var sdp = Parse(SdpSamples.Sipp + "a=rtcp-mux\r\n");
        Assert.Equal(6000, SdpAnchor.Assess(sdp).Plan!.Streams[0]!.RemoteRtcp!.Port);
    }

    [Theory]
    [InlineData("c=IN IP4 127.0.0.1", "m=audio 0 RTP/AVP 0", 304, "disabled")]
    [InlineData("c=IN IP4 0.0.0.0", "m=audio 6000 RTP/AVP 0", 305, "0.0.0.0")]
    [InlineData("c=IN IP6 ::1", "m=audio 6000 RTP/AVP 0", 301, "IPv4")]
    [InlineData("c=IN IP4 example.com", "m=audio 6000 RTP/AVP 0", 301, "IPv4")]
    [InlineData("c=IN IP4 127.0.0.1", "m=audio 6000 TCP/RTP/AVP 0", 302, "UDP only")]
    [InlineData("c=IN IP4 127.0.0.1", "m=application 6000 TCP/TLS/BFCP *", 302, "UDP only")]
    [InlineData("c=IN IP4 127.0.0.1", "m=video 6000 RTP/AVP 96", 304, "cannot be relayed")]
    [InlineData("c=IN IP4 127.0.0.1", "m=audio 6000 RTP/SAVP 0", 304, "cannot be relayed")]
    public void Unanchorable_sessions_are_rejected_with_a_warning_code(string connection, string mediaLine, int code, string reason)
    {
        var sdp = Parse($"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n{connection}\r\nt=0 0\r\n{mediaLine}\r\n");
        var assessment = SdpAnchor.Assess(sdp);
        Assert.False(assessment.Ok);
        Assert.Equal(code, assessment.WarningCode);
        Assert.Contains(reason, assessment.Reason);
    }

    [Fact]
    public void Session_without_media_is_rejected()
    {
        var assessment = SdpAnchor.Assess(Parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"));
        Assert.False(assessment.Ok);
        Assert.Equal(304, assessment.WarningCode);
    }
}
