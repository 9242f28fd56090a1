using System.Text;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

public class MessageModelTests
{
    [Theory]
    [InlineData("i", "Call-ID"), InlineData("m", "Contact"), InlineData("e", "Content-Encoding"), InlineData("l", "Content-Length")]
    [InlineData("c", "Content-Type"), InlineData("f", "From"), InlineData("s", "Subject"), InlineData("k", "Supported")]
    [InlineData("t", "To"), InlineData("v", "Via"), InlineData("o", "Event"), InlineData("u", "Allow-Events")]
    [InlineData("VIA", "Via"), InlineData("call-id", "Call-ID"), InlineData("X-Custom", "X-Custom")]
    public void CompactAndOddlyCasedNamesCanonicalize(string name, string canonical) =>
        Assert.Equal(canonical, SipHeaderNames.Canonicalize(name));

    [Fact]
    public void LookupIsCaseInsensitiveAndSeesCompactForms()
    {
        var headers = new SipHeaderCollection();
        headers.Add("v", "SIP/2.0/UDP a.example.com;branch=z9hG4bK1");
        headers.Add("VIA", "SIP/2.0/UDP b.example.com;branch=z9hG4bK2, SIP/2.0/TCP c.example.com;branch=z9hG4bK3");
        headers.Add("x-thing", "1");
        Assert.Equal(2, headers.CountOf("Via"));
        Assert.Equal(3, headers.GetValues("via").Count);
        Assert.Equal("v", headers[0].Name);
        Assert.Equal("Via", headers[0].CanonicalName);
        Assert.Equal("1", headers.Get("X-THING"));
        headers.RemoveFirst("Via");
        Assert.StartsWith("SIP/2.0/UDP b.", headers.Get("v"));
    }

    [Fact]
    public void ListSplittingRespectsQuotesAndAngleBrackets()
    {
        var parts = HeaderValueSplitter.Split("\"Doe, John\" <sip:a@b;x=1,2>, <sip:c@d>;q=0.5 ,sip:e@f");
        Assert.Equal(["\"Doe, John\" <sip:a@b;x=1,2>", "<sip:c@d>;q=0.5", "sip:e@f"], parts);
    }

    [Fact]
    public void CreateForCopiesIdentifiersAndAddsOneToTag()
    {
        var request = SipParser.Parse(Messages.Invite()).Request!;
        request.Headers.Add("Via", "SIP/2.0/UDP second.example.com;branch=z9hG4bK2");
        var ringing = SipResponse.CreateFor(request, 180, null, "tag42");
        Assert.Equal("Ringing", ringing.ReasonPhrase);
        Assert.Equal(request.Headers.GetAll("Via"), ringing.Headers.GetAll("Via"));
        Assert.Equal("tag42", ringing.To!.Tag);
        Assert.Equal("from1", ringing.From!.Tag);
        Assert.Equal(request.CallId, ringing.CallId);
        Assert.Equal(request.CSeq, ringing.CSeq);
        var trying = SipResponse.CreateFor(request, 100);
        Assert.Null(trying.To!.Tag);
        var generated = SipResponse.CreateFor(request, 200);
        Assert.False(string.IsNullOrEmpty(generated.To!.Tag));
    }

    [Fact]
    public void SerializerWritesFullNamesCrlfAndTheRealContentLength()
    {
        var message = SipParser.Parse(
            "MESSAGE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bKx\r\nf: <sip:c@d>;tag=1\r\nt: <sip:a@b>\r\n" +
            "i: abc\r\nCSeq: 1 MESSAGE\r\nl: 5\r\nc: text/plain\r\n\r\nhello").Request!;
        message.Body = Encoding.UTF8.GetBytes("hello world");
        string text = Encoding.UTF8.GetString(SipSerializer.Serialize(message));
        Assert.StartsWith("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: abc\r\n", text);
        Assert.Contains("\r\nContent-Length: 11\r\n", text);
        Assert.Contains("\r\nContent-Type: text/plain\r\n", text);
        Assert.EndsWith("\r\n\r\nhello world", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "|"));
    }

    [Fact]
    public void SerializerAddsContentLengthWhenMissingAndNeutralisesInjectedLines()
    {
        var response = new SipResponse(200);
        response.Headers.Add("X-Evil", "a\r\nInjected: yes");
        string text = Encoding.UTF8.GetString(SipSerializer.Serialize(response));
        Assert.Contains("Content-Length: 0\r\n\r\n", text);
        Assert.DoesNotContain("\r\nInjected:", text);
    }

    [Fact]
    public void ParsedTortureMessagesSurviveASerializeParseRoundTrip()
    {
        foreach (var name in new[] { "wsinv", "esc01", "escnull", "intmeth", "longreq", "semiuri", "unksm2", "regescrt", "mpart01" })
        {
            var first = SipParser.Parse(TortureFiles.Read(name), SipFraming.Datagram).Message!;
            var bytes = SipSerializer.Serialize(first);
            var second = SipParser.Parse(bytes, SipFraming.Stream);
            Assert.True(second.Success, name + ": " + second.Error);
            Assert.Equal(bytes.Length, second.BytesConsumed);
            Assert.Equal(first.Headers.Count(h => h.CanonicalName != "Content-Length"), second.Message!.Headers.Count(h => h.CanonicalName != "Content-Length"));
            Assert.Equal(first.Body, second.Message.Body);
            Assert.Equal(first.CallId, second.Message.CallId);
            Assert.Equal(first.Vias.Count, second.Message.Vias.Count);
        }
    }

    [Theory]
    [InlineData("sip:alice@example.com", "alice", "example.com", null)]
    [InlineData("sips:bob:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi%20there", "bob", "[2001:db8::1]", 5061)]
    [InlineData("sip:192.0.2.1:5070", null, "192.0.2.1", 5070)]
    [InlineData("SIP:%61lice@Example.COM", "alice", "Example.COM", null)]
    public void SipUrisParse(string text, string? user, string host, int? port)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(user, uri.User);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.True(SipUri.TryParse(uri.ToString(), out var again));
        Assert.Equal(uri.ToString(), again.ToString());
    }

    [Fact]
    public void SipUriExposesParametersAndHeaders()
    {
        var uri = SipUri.Parse("sips:bob:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi%20there");
        Assert.True(uri.IsSecure);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.LooseRouting);
        Assert.Equal("hi there", Assert.Single(uri.Headers).Value);
        Assert.Equal("sips:bob:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi%20there", uri.ToString());
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@host")]
    [InlineData("sip:user@")]
    [InlineData("sip:user@host:99999")]
    [InlineData("sip:user@ho st")]
    [InlineData("sip:us%zzer@host")]
    [InlineData("sip:host;;lr")]
    [InlineData("sip:[::1")]
    public void MalformedSipUrisAreRejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void ViaParsesEveryParameterKind()
    {
        var via = Via.Parse("SIP/2.0/udp [2001:db8::9]:5070;branch=z9hG4bKabc;received=192.0.2.1;rport;ttl=16;maddr=224.2.0.1;x=\"q v\"");
        Assert.Equal("UDP", via.Transport);
        Assert.Equal("[2001:db8::9]", via.Host);
        Assert.Equal(5070, via.Port);
        Assert.True(via.HasRfc3261Branch);
        Assert.Equal("192.0.2.1", via.Received);
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
        Assert.Equal("224.2.0.1", via.Maddr);
        Assert.Equal("q v", via.Parameters.Get("x"));
        via.RPort = 4000;
        Assert.Contains(";rport=4000", via.ToString());
        Assert.False(Via.TryParse("SIP/2.0/UDP host;rport=abc", out _));
        Assert.False(Via.TryParse("SIP/2.0 host", out _));
        Assert.False(Via.TryParse("SIP/2.0/UDP host;branch=", out _));
    }

    [Fact]
    public void NameAddrFormsAndParameters()
    {
        var a = NameAddr.Parse("\"Alice \\\"A\\\"\" <sip:alice@example.com>;tag=t1;expires=3600;q=0.7");
        Assert.Equal("Alice \"A\"", a.DisplayName);
        Assert.Equal("t1", a.Tag);
        Assert.Equal(3600, a.Expires);
        Assert.Equal(0.7, a.Q);
        Assert.Equal("\"Alice \\\"A\\\"\" <sip:alice@example.com>;tag=t1;expires=3600;q=0.7", a.ToString());
        var b = NameAddr.Parse("sip:bob@example.com;tag=x");
        Assert.Null(b.DisplayName);
        Assert.Equal("x", b.Tag);
        Assert.Equal("<sip:bob@example.com>;tag=x", b.ToString());
        Assert.Equal(uint.MaxValue, NameAddr.Parse("<sip:c@d>;expires=99999999999999999999").Expires);
        Assert.False(NameAddr.TryParse("<sip:c@d", out _));
        Assert.False(NameAddr.TryParse("\"open <sip:c@d>", out _));
    }

    [Fact]
    public void ContactStarIsRecognised()
    {
        var request = SipParser.Parse(Messages.Request("REGISTER").Replace("Content-Length: 0", "Contact: *\r\nExpires: 0\r\nContent-Length: 0")).Request!;
        Assert.True(request.IsContactStar);
        Assert.Empty(request.Contacts);
        Assert.Equal(0, request.Expires);
    }

    [Fact]
    public void DigestHeadersRoundTripWithQuoting()
    {
        var challenge = new AuthHeader("Digest").Add("realm", "mcptt.example").Add("nonce", "abc").Add("algorithm", "MD5", quoted: false).Add("qop", "auth");
        Assert.Equal("Digest realm=\"mcptt.example\", nonce=\"abc\", algorithm=MD5, qop=\"auth\"", challenge.ToString());
        Assert.True(AuthHeader.TryParse(
            "Digest username=\"bob\",realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0123\", algorithm=MD5, cnonce=\"c\", qop=auth, nc=00000001",
            out var credentials));
        Assert.True(credentials.IsDigest);
        Assert.Equal("bob", credentials.Username);
        Assert.Equal("sip:r", credentials.Uri);
        Assert.Equal("0123", credentials.Response);
        Assert.Equal("auth", credentials.Qop);
        Assert.Equal("00000001", credentials.NonceCount);
        Assert.Equal("c", credentials.CNonce);
        Assert.False(AuthHeader.TryParse("Digest realm=\"unterminated", out _));
    }

    [Fact]
    public void CancelAndAckBuildersFollowRfc3261()
    {
        var invite = SipParser.Parse(Messages.Invite()).Request!;
        invite.Headers.Add("Route", "<sip:proxy.example.com;lr>");
        var cancel = invite.CreateCancel();
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(invite.RequestUri.ToString(), cancel.RequestUri.ToString());
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal(new CSeq(1, "CANCEL"), cancel.CSeq);
        Assert.Single(cancel.Routes);
        var busy = SipResponse.CreateFor(invite, 486, null, "tt");
        var ack = invite.CreateAckForNon2xx(busy);
        Assert.Equal("tt", ack.To!.Tag);
        Assert.Equal(new CSeq(1, "ACK"), ack.CSeq);
        Assert.Equal(invite.TopVia.Branch, ack.TopVia!.Branch);
    }

    [Fact]
    public void MediaTypesAndAcceptRanges()
    {
        Assert.True(MediaType.TryParse("application/SDP ; charset=utf-8", out var t));
        Assert.True(t.Is("application", "sdp"));
        Assert.Equal("utf-8", t.Parameters.Get("charset"));
        Assert.True(MediaType.TryParse("application/*", out var range));
        Assert.True(range.Accepts("application", "sdp"));
        Assert.False(MediaType.TryParse("application", out _));
    }

    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", true)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", true)]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", false)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", false)]
    [InlineData("sip:carol@chicago.com", "sips:carol@chicago.com", false)]
    public void SipUriComparisonFollowsRfc3261(string a, string b, bool equal)
    {
        Assert.Equal(equal, SipUri.Parse(a).EquivalentTo(SipUri.Parse(b)));
        Assert.Equal(equal, SipUri.Parse(b).EquivalentTo(SipUri.Parse(a)));
    }
}
