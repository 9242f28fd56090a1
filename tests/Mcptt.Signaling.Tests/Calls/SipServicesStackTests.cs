using System.Net;
using System.Text.RegularExpressions;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;
using Mcptt.Signaling.Tests.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>
/// The services behind the real <see cref="SipStack"/> (transactions, Via stamping, 100 Trying, CANCEL
/// handling) over an in-memory transport: registration with digest, then a whole call.
/// </summary>
public sealed class SipServicesStackTests : IAsyncLifetime
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("10.0.0.1"), 5060);
    private static readonly IPEndPoint BobNat = new(IPAddress.Parse("198.51.100.2"), 40000);
    private readonly ManualTimeProvider _clock = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly WireTransport _wire = new();
    private readonly FakeRelay _relay = new();
    private SipStack _stack = null!;
    private SipServices _services = null!;

    public async Task InitializeAsync()
    {
        var stackOptions = new SipStackOptions { Capabilities = new SipServerCapabilities { AllowedMethods = SipServices.HandledMethods } };
        _stack = new SipStack(stackOptions, _metrics, NullLogger<SipStack>.Instance, _clock, new[] { _wire });
        var options = new SipServicesOptions { Auth = { Realm = "mcptt", Users = { ["alice"] = "a-secret", ["bob"] = "b-secret" } } };
        _services = new SipServices(_stack, options, _relay, _metrics, null, _clock);
        await _stack.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _services.Dispose();
        await _stack.DisposeAsync();
    }

    private void Register(string user, string password, string contact, IPEndPoint from)
    {
        string Register(int cseq, string auth) => $"REGISTER sip:192.0.2.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP {contact};branch=z9hG4bK-{user}{cseq};rport\r\n" +
            $"From: <sip:{user}@192.0.2.1>;tag={user}reg\r\nTo: <sip:{user}@192.0.2.1>\r\nCall-ID: reg-{user}\r\nCSeq: {cseq} REGISTER\r\n" +
            $"Contact: <sip:{user}@{contact};transport=UDP>\r\n{auth}Max-Forwards: 70\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n";
        _wire.Receive(Register(1, ""), from);
        var challenge = (SipResponse)Assert.Single(_wire.Take(from));
        Assert.Equal(401, challenge.StatusCode);
        var header = challenge.Headers.Get("WWW-Authenticate")!;
        string P(string name) => Regex.Match(header, name + "=\"?([^\",]*)\"?").Groups[1].Value;
        var response = DigestMath.Response(DigestMath.Ha1(user, "mcptt", password), P("nonce"), "00000001", "6b8b4567", "auth",
            DigestMath.Ha2("REGISTER", "sip:192.0.2.1:5060"));
        _wire.Receive(Register(2, $"Authorization: Digest username=\"{user}\",realm=\"mcptt\",cnonce=\"6b8b4567\",nc=00000001,qop=auth,uri=\"sip:192.0.2.1:5060\",nonce=\"{P("nonce")}\",response=\"{response}\",algorithm=MD5,opaque=\"{P("opaque")}\"\r\n"), from);
        var ok = (SipResponse)Assert.Single(_wire.Take(from));
        Assert.Equal(200, ok.StatusCode);
    }

    /// <summary>
    /// INVITEs are digest-challenged: a first INVITE (its own Call-ID) gets 407, is ACKed, and the challenge is answered.
    /// Returns the Proxy-Authorization line (with CRLF) for the test's real INVITE to <paramref name="uri"/>.
    /// </summary>
    private string InviteCredentials(string user, string password, string uri, IPEndPoint from)
    {
        string head(string method) => $"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/UDP {from};branch=z9hG4bK-probe{user};rport\r\n" +
            $"From: <sip:{user}@192.0.2.1>;tag=probe\r\nTo: <{uri}>\r\nCall-ID: probe-{user}\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\n";
        _wire.Receive(head("INVITE") + $"Contact: <sip:{user}@{from}>\r\nContent-Length: 0\r\n\r\n", from);
        var challenged = _wire.Take(from).Cast<SipResponse>().Single(r => r.StatusCode == 407);
        _wire.Receive(head("ACK").Replace("To: <" + uri + ">", $"To: <{uri}>;tag={challenged.To!.Tag}") + "Content-Length: 0\r\n\r\n", from);
        var header = challenged.Headers.Get("Proxy-Authenticate")!;
        string P(string name) => Regex.Match(header, name + "=\"?([^\",]*)\"?").Groups[1].Value;
        var response = DigestMath.Response(DigestMath.Ha1(user, "mcptt", password), P("nonce"), "00000001", "0a4f113b", "auth", DigestMath.Ha2("INVITE", uri));
        return $"Proxy-Authorization: Digest username=\"{user}\",realm=\"mcptt\",nonce=\"{P("nonce")}\",uri=\"{uri}\",response=\"{response}\"," +
            $"cnonce=\"0a4f113b\",nc=00000001,qop=auth,algorithm=MD5,opaque=\"{P("opaque")}\"\r\n";
    }

    private static string Answer(SipRequest request, int status, string toTag, string? sdp)
    {
        var response = SipResponse.CreateFor(request, status, null, toTag);
        response.Headers.Add("Contact", "<sip:bob@10.0.0.2:5062>");
        if (sdp is not null) response.SetBody("application/sdp", sdp);
        return response.ToString();
    }

    [Fact]
    public void Register_and_call_through_the_real_stack()
    {
        Register("bob", "b-secret", "10.0.0.2:5062", BobNat);
        Register("alice", "a-secret", "10.0.0.1:5060", Alice);
        Assert.Equal(2, _services.Registrar.BindingCount);

        var credentials = InviteCredentials("alice", "a-secret", "sip:bob@192.0.2.1", Alice);
        _wire.Receive("INVITE sip:bob@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-inv;rport\r\n" +
            "From: <sip:alice@192.0.2.1>;tag=at\r\nTo: <sip:bob@192.0.2.1>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n" + credentials +
            "Contact: <sip:alice@10.0.0.1:5060>\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\n" +
            $"Content-Length: {CallFixture.AliceSdp.Length}\r\n\r\n{CallFixture.AliceSdp}", Alice);
        var trying = (SipResponse)Assert.Single(_wire.Take(Alice));
        Assert.Equal(100, trying.StatusCode);

        var toBob = (SipRequest)Assert.Single(_wire.Take(BobNat));   // routed to the NAT flow of bob's REGISTER
        Assert.Equal("INVITE", toBob.Method);
        Assert.Equal("sip:bob@10.0.0.2:5062;transport=UDP", toBob.RequestUri.ToString());
        Assert.Equal("192.0.2.1", toBob.TopVia!.Host);
        var offer = SdpParser.Parse(toBob.Body).Sdp!;
        Assert.Equal("203.0.113.1", offer.Connection!.Address);

        _wire.Receive(Answer(toBob, 180, "bt", null), BobNat);
        _wire.Receive(Answer(toBob, 200, "bt", CallFixture.BobSdp), BobNat);
        var toAlice = _wire.Take(Alice).Cast<SipResponse>().ToList();
        Assert.Equal(new[] { 180, 200 }, toAlice.Select(r => r.StatusCode));
        var answer = SdpParser.Parse(toAlice[1].Body).Sdp!;
        Assert.Equal("203.0.113.1", answer.Connection!.Address);
        Assert.NotEqual(offer.Media[0].Port, answer.Media[0].Port);
        var ack = (SipRequest)Assert.Single(_wire.Take(BobNat));
        Assert.Equal("ACK", ack.Method);
        Assert.Equal("sip:bob@10.0.0.2:5062", ack.RequestUri.ToString());

        string aliceTag = toAlice[1].To!.Tag!;
        _wire.Receive($"ACK sip:192.0.2.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-ack;rport\r\n" +
            $"From: <sip:alice@192.0.2.1>;tag=at\r\nTo: <sip:bob@192.0.2.1>;tag={aliceTag}\r\nCall-ID: c1\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", Alice);
        _wire.Receive($"BYE sip:192.0.2.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-bye;rport\r\n" +
            $"From: <sip:alice@192.0.2.1>;tag=at\r\nTo: <sip:bob@192.0.2.1>;tag={aliceTag}\r\nCall-ID: c1\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", Alice);
        Assert.Equal(200, ((SipResponse)Assert.Single(_wire.Take(Alice))).StatusCode);
        var bye = (SipRequest)Assert.Single(_wire.Take(BobNat));
        Assert.Equal("BYE", bye.Method);
        Assert.Equal("bt", bye.To!.Tag);
        Assert.Empty(_relay.Legs);
        Assert.Equal(0, _services.Calls.ActiveCalls);
        Assert.Contains("mcptt_calls_total{result=\"answered\"} 1", _metrics.Render());
    }

    [Fact]
    public void Cancel_through_the_stack_reaches_the_callee()
    {
        Register("bob", "b-secret", "10.0.0.2:5062", BobNat);
        Register("alice", "a-secret", "10.0.0.1:5060", Alice);
        const string invite = "INVITE sip:bob@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-inv2;rport\r\n" +
            "From: <sip:alice@192.0.2.1>;tag=at2\r\nTo: <sip:bob@192.0.2.1>\r\nCall-ID: c2\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n";
        var credentials = InviteCredentials("alice", "a-secret", "sip:bob@192.0.2.1", Alice);
        _wire.Receive(invite + credentials + $"Contact: <sip:alice@10.0.0.1:5060>\r\nContent-Type: application/sdp\r\nContent-Length: {CallFixture.AliceSdp.Length}\r\n\r\n{CallFixture.AliceSdp}", Alice);
        var toBob = (SipRequest)Assert.Single(_wire.Take(BobNat));
        _wire.Receive(Answer(toBob, 180, "bt2", null), BobNat);
        _wire.Take(Alice);

        _wire.Receive("CANCEL sip:bob@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-inv2;rport\r\n" +
            "From: <sip:alice@192.0.2.1>;tag=at2\r\nTo: <sip:bob@192.0.2.1>\r\nCall-ID: c2\r\nCSeq: 1 CANCEL\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", Alice);
        var toAlice = _wire.Take(Alice).Cast<SipResponse>().Select(r => r.StatusCode).ToList();
        Assert.Contains(200, toAlice);
        Assert.Contains(487, toAlice);
        var cancel = (SipRequest)Assert.Single(_wire.Take(BobNat));
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(toBob.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Empty(_relay.Legs);
    }

    [Theory]
    [InlineData("SUBSCRIBE")]
    [InlineData("REFER")]
    [InlineData("MESSAGE")]
    [InlineData("PUBLISH")]
    public void Other_state_creating_methods_are_not_handled_and_get_405_without_a_challenge(string method)
    {
        _wire.Receive($"{method} sip:bob@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-{method};rport\r\n" +
            $"From: <sip:alice@192.0.2.1>;tag=m\r\nTo: <sip:bob@192.0.2.1>\r\nCall-ID: {method}-1\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\n" +
            "Event: presence\r\nRefer-To: <sip:carol@192.0.2.1>\r\nContent-Length: 0\r\n\r\n", Alice);
        var answer = (SipResponse)Assert.Single(_wire.Take(Alice));
        Assert.Equal(405, answer.StatusCode);
        Assert.DoesNotContain(method, answer.Headers.Get("Allow"));
        Assert.Empty(_wire.Take(BobNat));
    }
}
