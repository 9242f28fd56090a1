using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;
using Mcptt.Signaling.Tests.Sdp;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>MCPTT clients send multipart/mixed (SDP + mcptt-info) and an m=application ... MCPTT floor channel.</summary>
public sealed class McpttBodyTests : IDisposable
{
    private const string Info = "<?xml version=\"1.0\"?>\r\n<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\"><mcptt-Params><session-type>private</session-type></mcptt-Params></mcpttinfo>\r\n";
    private readonly CallFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Multipart(string sdp) =>
        "--b1\r\nContent-Type: application/sdp\r\n\r\n" + sdp +
        "--b1\r\nContent-Type: application/vnd.3gpp.mcptt-info+xml\r\n\r\n" + Info +
        "--b1--\r\n";

    [Fact]
    public void Multipart_offer_keeps_mcptt_info_and_anchors_audio_and_floor_channel()
    {
        var sdp = SdpSamples.Mcptt.Replace("192.0.2.10", "10.0.0.1");
        var body = Multipart(sdp);
        var text = $"""
            INVITE sip:bob@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-m1;rport
            From: <sip:alice@127.0.0.1>;tag=alicetag
            To: <sip:bob@127.0.0.1>
            Call-ID: mcptt-1
            CSeq: 1 INVITE
            Contact: <sip:alice@10.0.0.1:5060>;+g.3gpp.mcptt
            Accept-Contact: *;+g.3gpp.mcptt;require;explicit
            Max-Forwards: 70
            Content-Type: multipart/mixed;boundary=b1
            Content-Length: {body.Length}

            {body}
            """;
        var invite = new FakeServerRequest(Registrar.SipText.Request(text), _f.AliceFlow);
        _f.Calls.OnRequest(invite);

        var toBob = _f.Sip.OfMethod("INVITE").Single().Request;
        Assert.Equal("*;+g.3gpp.mcptt;require;explicit", toBob.Headers.Get("Accept-Contact"));
        Assert.True(toBob.ContentType!.Is("multipart", "mixed"));
        Assert.True(SipMultipart.TryParse(toBob.ContentType, toBob.Body, out var parts));
        Assert.Equal(2, parts.Count);
        Assert.Equal(Info[..^2], System.Text.Encoding.UTF8.GetString(parts[1].Body)); // the CRLF before a delimiter is the delimiter's
        var sdpPart = SipMultipart.Find(parts, "application", "sdp")!.Body;
        Assert.EndsWith("\r\n", System.Text.Encoding.UTF8.GetString(sdpPart));
        var offer = SdpParser.Parse(sdpPart).Sdp!;
        Assert.Equal("203.0.113.1", offer.Connection!.Address);
        Assert.True(offer.Media[1].IsMcpttFloorChannel);
        Assert.Equal("mc_priority=7;mc_granted;mc_implicit_request", offer.Media[1].GetFmtp("MCPTT"));

        // Four legs: audio (port pair) and floor channel (single port) per side, each index in its own bridge.
        Assert.Equal(4, _f.Relay.Legs.Count);
        Assert.Equal(2, _f.Relay.AllocatedOptions.Count(o => o.SinglePort));
        Assert.Equal(2, _f.Relay.Bridges.Count);
        var floorLeg = _f.Relay.LegWithPort(offer.Media[1].Port);
        Assert.Equal(floorLeg.RtpPort, floorLeg.RtcpPort);
        Assert.Null(offer.Media[1].Rtcp);
    }
}
