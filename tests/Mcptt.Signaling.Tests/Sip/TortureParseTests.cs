using System.Text;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Parse-level outcomes of the RFC 4475 messages (semantic outcomes are in SipCoreTortureTests).</summary>
public class TortureParseTests
{
    private static SipParseResult Parse(string name) => SipParser.Parse(TortureFiles.Read(name), SipFraming.Datagram);

    [Fact]
    public void AllFortyNineMessagesArePresent() => Assert.Equal(49, TortureFiles.AllNames().Count());

    [Theory]
    [InlineData("wsinv"), InlineData("intmeth"), InlineData("esc01"), InlineData("escnull"), InlineData("esc02")]
    [InlineData("lwsdisp"), InlineData("longreq"), InlineData("dblreq"), InlineData("semiuri"), InlineData("transports")]
    [InlineData("mpart01"), InlineData("unreason"), InlineData("noreason"), InlineData("badbranch"), InlineData("insuf")]
    [InlineData("unkscm"), InlineData("novelsc"), InlineData("unksm2"), InlineData("bext01"), InlineData("invut")]
    [InlineData("regaut01"), InlineData("multi01"), InlineData("bcast"), InlineData("zeromf"), InlineData("cparam01")]
    [InlineData("cparam02"), InlineData("regescrt"), InlineData("sdp01"), InlineData("inv2543"), InlineData("baddate")]
    [InlineData("mismatch01"), InlineData("mismatch02")]
    public void SyntacticallyValidMessagesParse(string name)
    {
        var result = Parse(name);
        Assert.True(result.Success, name + ": " + result.Error);
        Assert.NotNull(result.Message);
    }

    [Theory]
    [InlineData("badinv01", 400, "Via"), InlineData("clerr", 400, "Content-Length"), InlineData("ncl", 400, "Content-Length")]
    [InlineData("scalar02", 400, "CSeq"), InlineData("quotbal", 400, "To"), InlineData("ltgtruri", 400, "Request-URI")]
    [InlineData("lwsruri", 400, "Request-Line"), InlineData("lwsstart", 400, "Request-Line"), InlineData("trws", 400, "Request-Line")]
    [InlineData("escruri", 400, "Request-URI"), InlineData("regbadct", 400, "Contact"), InlineData("badaspec", 400, "To")]
    [InlineData("baddn", 400, "From"), InlineData("badvers", 505, "SIP/2.0"), InlineData("mcl01", 400, "Content-Length")]
    public void MalformedRequestsFailWithAnswerableStatus(string name, int status, string reasonMentions)
    {
        var result = Parse(name);
        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.Equal(status, result.StatusCode);
        Assert.Contains(reasonMentions, result.Error);
        Assert.False(result.IsResponse);
        var response = result.CreateErrorResponse();
        Assert.NotNull(response);
        Assert.Equal(status, response!.StatusCode);
        Assert.NotNull(response.Headers.Get("Call-ID"));
    }

    [Theory]
    [InlineData("scalarlg"), InlineData("bigcode")]
    public void MalformedResponsesFailAndAreNeverAnswered(string name)
    {
        var result = Parse(name);
        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.True(result.IsResponse);
        Assert.Null(result.CreateErrorResponse());
    }

    [Fact]
    public void WsinvHeadersAreUnfoldedAndTyped()
    {
        var request = Parse("wsinv").Request!;
        Assert.Equal("INVITE", request.Method);
        var uri = Assert.IsType<SipUri>(request.RequestUri);
        Assert.Equal("vivekg", uri.User);
        Assert.True(uri.Parameters.Has("unknownparam"));
        Assert.Equal("1918181833n", request.To!.Tag);
        Assert.Equal("J Rosenberg \\\"", request.From!.DisplayName);
        Assert.Equal("98asjd8", request.From.Tag);
        Assert.Equal(68, request.MaxForwards);
        Assert.Equal(new CSeq(9, "INVITE"), request.CSeq);
        Assert.Equal("newfangled value continued newfangled value", request.Headers.Get("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", request.Headers.Get("UnknownHeaderWithUnusualValue"));
        Assert.Equal(string.Empty, request.Headers.Get("Subject"));
        var vias = request.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal("UDP", vias[0].Transport);
        Assert.Equal("192.0.2.2", vias[0].Host);
        Assert.Equal("390skdjuw", vias[0].Branch);
        Assert.False(vias[0].HasRfc3261Branch);
        Assert.Equal("TCP", vias[1].Transport);
        Assert.Equal("spindle.example.com", vias[1].Host);
        Assert.Equal("z9hG4bK9ikj8", vias[1].Branch);
        Assert.Equal("z9hG4bK30239", vias[2].Branch);
        var contact = Assert.Single(request.Contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.Parameters.Get("newparam"));
        Assert.True(contact.Parameters.Has("secondparam"));
        Assert.Equal(0.33, contact.Q);
        var route = Assert.Single(request.Routes);
        Assert.True(((SipUri)route.Uri).LooseRouting);
        Assert.Equal(150, request.Body.Length);
        Assert.True(request.ContentType!.Is("application", "sdp"));
    }

    [Fact]
    public void IntmethKeepsUnusualTokensAndUserinfo()
    {
        var request = Parse("intmeth").Request!;
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        var uri = Assert.IsType<SipUri>(request.RequestUri);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", uri.Password);
        Assert.Equal("example.com", uri.Host);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", request.CallId);
        Assert.Equal("_token~1'+`*%!-.", request.From!.Tag);
        Assert.Equal("token1~` token2'+_ token3*%!.-", request.From.DisplayName);
        Assert.Equal("BEL:\a NUL:\0 DEL:\x7f", request.To!.DisplayName);
        Assert.NotNull(request.Headers.Get("extensionHeader-!.%*+_`'~"));
    }

    [Fact]
    public void EscapesAreDecoded()
    {
        var esc01 = Parse("esc01").Request!;
        Assert.Equal("sips:user@example.com", ((SipUri)esc01.RequestUri).User);
        Assert.Equal("user", ((SipUri)esc01.To!.Uri).User);
        Assert.Equal("I have spaces", ((SipUri)esc01.From!.Uri).User);
        var contact = (SipUri)Assert.Single(esc01.Contacts).Uri;
        Assert.Equal("caller", contact.User);
        Assert.True(contact.Parameters.Has("lr"));
        Assert.Equal("value%41", contact.Parameters.Get("name"));
    }

    [Fact]
    public void EscnullIsARegisterWithNulUsers()
    {
        var request = Parse("escnull").Request!;
        Assert.Equal("REGISTER", request.Method);
        Assert.Equal("null-\0-null", ((SipUri)request.To!.Uri).User);
        var contacts = request.Contacts;
        Assert.Equal(2, contacts.Count);
        Assert.Equal("\0", ((SipUri)contacts[0].Uri).User);
        Assert.Equal("\0\0", ((SipUri)contacts[1].Uri).User);
        Assert.Contains("sip:null-%00-null@example.com", request.To.ToString());
    }

    [Fact]
    public void Esc02PercentIsAnOrdinaryTokenCharacter()
    {
        var request = Parse("esc02").Request!;
        Assert.Equal("RE%47IST%45R", request.Method);
        Assert.Equal("%Z%45", request.From!.DisplayName);
        Assert.Equal(2, request.Headers.CountOf("Contact"));
        Assert.NotNull(request.Headers.Get("C%6Fntact"));
    }

    [Fact]
    public void DblreqIgnoresOctetsAfterContentLength()
    {
        var data = TortureFiles.Read("dblreq");
        var result = SipParser.Parse(data, SipFraming.Datagram);
        var request = result.Request!;
        Assert.Equal("REGISTER", request.Method);
        Assert.Empty(request.Body);
        Assert.True(result.BytesConsumed < data.Length);
        Assert.DoesNotContain("INVITE", Encoding.UTF8.GetString(SipSerializer.Serialize(request)));
    }

    [Fact]
    public void SemiuriUserPartHoldsSemicolons()
    {
        var request = Parse("semiuri").Request!;
        var uri = (SipUri)request.RequestUri;
        Assert.Equal("user;par=u@example.net", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Equal(6, request.Headers.GetValues("Accept").Count);
    }

    [Fact]
    public void TransportsAreAllKept()
    {
        var vias = Parse("transports").Request!.Vias;
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], vias.Select(v => v.Transport).ToArray());
    }

    [Fact]
    public void LongreqKeepsLongValuesAndManyVias()
    {
        var request = Parse("longreq").Request!;
        Assert.Equal(34, request.Vias.Count);
        Assert.True(request.To!.DisplayName!.Length > 100);
        Assert.True(request.CallId!.Length > 100);
    }

    [Fact]
    public void Mpart01HasSdpInsideMultipartMixed()
    {
        var request = Parse("mpart01").Request!;
        Assert.Equal("MESSAGE", request.Method);
        Assert.Equal(553, request.Body.Length);
        Assert.True(SipMultipart.TryParse(request.ContentType, request.Body, out var parts));
        Assert.Equal(2, parts.Count);
        Assert.Equal("Hello", Encoding.UTF8.GetString(parts[0].Body));
        Assert.True(parts[1].ContentType!.Is("application", "octet-stream"));
    }

    [Fact]
    public void ResponsesWithOddReasonPhrasesParse()
    {
        var noreason = Parse("noreason").Response!;
        Assert.Equal(100, noreason.StatusCode);
        Assert.Equal(string.Empty, noreason.ReasonPhrase);
        var unreason = Parse("unreason").Response!;
        Assert.Equal(200, unreason.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 ", unreason.ReasonPhrase);
    }

    [Fact]
    public void UnknownSchemesStayOpaque()
    {
        var unksm2 = Parse("unksm2").Request!;
        Assert.Equal("isbn:2983792873", Assert.IsType<AbsoluteUri>(unksm2.To!.Uri).Value);
        Assert.Equal("http://www.example.com", Assert.IsType<AbsoluteUri>(unksm2.From!.Uri).Value);
        Assert.Equal("name", Assert.Single(unksm2.Contacts).Uri.Scheme);
        Assert.Equal("nobodyknowsthisscheme", Parse("unkscm").Request!.RequestUri.Scheme);
        Assert.Equal("soap.beep", Parse("novelsc").Request!.RequestUri.Scheme);
    }

    [Fact]
    public void ContactParametersAndEscapedHeadersAreKept()
    {
        var cparam01 = Assert.Single(Parse("cparam01").Request!.Contacts);
        Assert.True(cparam01.Parameters.Has("unknownparam"));
        Assert.False(((SipUri)cparam01.Uri).Parameters.Has("unknownparam"));
        var cparam02 = Assert.Single(Parse("cparam02").Request!.Contacts);
        Assert.True(((SipUri)cparam02.Uri).Parameters.Has("unknownparam"));
        var regescrt = (SipUri)Assert.Single(Parse("regescrt").Request!.Contacts).Uri;
        Assert.Equal(new KeyValuePair<string, string>("Route", "<sip:sip.example.com>"), Assert.Single(regescrt.Headers));
        Assert.Contains("?Route=%3Csip:sip.example.com%3E", regescrt.ToString());
    }

    [Fact]
    public void UnknownAuthorizationSchemeIsParsed()
    {
        var auth = Parse("regaut01").Request!.GetAuth("Authorization")!;
        Assert.Equal("NoOneKnowsThisScheme", auth.Scheme);
        Assert.False(auth.IsDigest);
        Assert.Equal("here", auth["opaque-data"]);
    }

    [Fact]
    public void Rfc2543InviteHasNoBranchAndNoContentLength()
    {
        var request = Parse("inv2543").Request!;
        Assert.Null(request.TopVia!.Branch);
        Assert.Null(request.ContentLength);
        Assert.True(request.Body.Length > 0);
        Assert.Null(request.MaxForwards);
    }
}
