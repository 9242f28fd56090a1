using Mcptt.Floor.Binding;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;
using Mcptt.Signaling.Tests.Auth;
using Mcptt.Signaling.Tests.Registrar;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>
/// alice (registered from 10.0.0.1:5060) calls bob (registered with contact 10.0.0.2:5062 from behind a
/// NAT at 198.51.100.2:40000); carol is a configured user who is not registered.
/// </summary>
internal sealed class CallFixture : IDisposable
{
    public const string AliceSdp = "v=0\r\no=alice 100 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    public const string BobSdp = "v=0\r\no=bob 200 1 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public ManualTimeProvider Clock { get; } = new();
    public MetricsRegistry Metrics { get; } = new();
    public FakeRelay Relay { get; } = new();
    public FakeSip Sip { get; } = new();
    public Mcptt.Signaling.Registrar.Registrar Registrar { get; }
    public CallController Calls { get; }
    public SipFlow AliceFlow { get; } = FakeServerRequest.Udp("10.0.0.1", 5060);
    public SipFlow BobFlow { get; } = FakeServerRequest.Udp("198.51.100.2", 40000);
    public DigestAuthenticator Auth { get; }
    /// <summary>The floor server and binding private calls use (with <c>floorControl: true</c>).</summary>
    public FloorServer? FloorServer { get; }
    public RelayFloorBinding? FloorBinding { get; }
    private int _cseq = 1;

    public CallFixture(Action<CallOptions>? configure = null, AuthOptions? authOptions = null, bool registerBob = true, bool floorControl = false)
    {
        authOptions ??= new AuthOptions { Enabled = false, Users = { ["alice"] = "a", ["bob"] = "b", ["carol"] = "c" } };
        Auth = new DigestAuthenticator(authOptions, Clock);
        Registrar = new Mcptt.Signaling.Registrar.Registrar(new RegistrarOptions(), new DigestGate(new DigestAuthenticator(new AuthOptions { Enabled = false }, Clock)), Metrics, Clock);
        Register("alice", "10.0.0.1:5060", AliceFlow);
        if (registerBob) Register("bob", "10.0.0.2:5062", BobFlow);
        var options = new CallOptions { RingTimeout = TimeSpan.FromSeconds(30), MediaTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        Calls = new CallController(options, new DigestGate(Auth, Metrics), Registrar, Relay, Sip, Metrics, Clock);
        if (floorControl)
        {
            FloorServer = new FloorServer(Metrics, Clock, new FloorTimers { T1EndOfRtpMedia = TimeSpan.FromSeconds(2) });
            FloorBinding = new RelayFloorBinding(Relay, FloorServer);
            Calls.UseFloorControl(FloorBinding);
        }
    }

    public void Register(string user, string contactHostPort, SipFlow flow, string callId = "reg")
    {
        var response = Registrar.HandleRegister(SipText.Request($"""
            REGISTER sip:127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP {contactHostPort};branch=z9hG4bK-reg{_cseq}
            From: <sip:{user}@127.0.0.1>;tag=r{user}
            To: <sip:{user}@127.0.0.1>
            Call-ID: {callId}-{user}-{contactHostPort}
            CSeq: {_cseq++} REGISTER
            Contact: <sip:{user}@{contactHostPort}>
            Expires: 3600
            Content-Length: 0
            """), flow);
        Assert.Equal(200, response.StatusCode);
    }

    public FakeServerRequest Invite(string to = "bob", string? sdp = AliceSdp, string extraHeaders = "", SipFlow? source = null, string from = "alice", int maxForwards = 70, string callId = "call-1@10.0.0.1")
    {
        var text = $"""
            INVITE sip:{to}@127.0.0.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-inv1;rport
            From: "Alice" <sip:{from}@127.0.0.1>;tag=alicetag
            To: <sip:{to}@127.0.0.1>
            Call-ID: {callId}
            CSeq: 1 INVITE
            Contact: <sip:{from}@10.0.0.1:5060>
            Max-Forwards: {maxForwards}
            {extraHeaders}
            Content-Type: application/sdp
            Content-Length: {sdp?.Length ?? 0}

            {sdp}
            """;
        var request = new FakeServerRequest(SipText.Request(text), source ?? AliceFlow);
        Calls.OnRequest(request);
        return request;
    }

    /// <summary>An in-dialog request from alice inside the caller dialog of <paramref name="invite"/>.</summary>
    public FakeServerRequest FromAlice(FakeServerRequest invite, string method, int cseq, string? sdp = null)
    {
        var text = $"""
            {method} sip:192.0.2.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-a{method}{cseq};rport
            From: "Alice" <sip:alice@127.0.0.1>;tag=alicetag
            To: <sip:bob@127.0.0.1>;tag={invite.LocalTag}
            Call-ID: {invite.Request.CallId}
            CSeq: {cseq} {method}
            Contact: <sip:alice@10.0.0.1:5060>
            Max-Forwards: 70
            {(sdp is null ? "" : "Content-Type: application/sdp")}
            Content-Length: {sdp?.Length ?? 0}

            {sdp}
            """;
        var request = new FakeServerRequest(SipText.Request(text), AliceFlow);
        Calls.OnRequest(request);
        return request;
    }

    /// <summary>An in-dialog request from bob inside the callee dialog created by <paramref name="bobInvite"/>.</summary>
    public FakeServerRequest FromBob(SentRequest bobInvite, string method, int cseq, string? sdp = null)
    {
        var ours = bobInvite.Request;
        var from = NameAddr.Parse(ours.Headers.Get("To")!);
        from.Tag = bobInvite.ToTag;
        var text = $"""
            {method} sip:192.0.2.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.2:5062;branch=z9hG4bK-b{method}{cseq};rport
            From: {from}
            To: {ours.Headers.Get("From")}
            Call-ID: {ours.CallId}
            CSeq: {cseq} {method}
            Contact: <sip:bob@10.0.0.2:5062>
            Max-Forwards: 70
            {(sdp is null ? "" : "Content-Type: application/sdp")}
            Content-Length: {sdp?.Length ?? 0}

            {sdp}
            """;
        var request = new FakeServerRequest(SipText.Request(text), BobFlow);
        Calls.OnRequest(request);
        return request;
    }

    /// <summary>INVITE → 180 → 200 (with SDP) → ACK; returns the caller's INVITE and the INVITE bob got.</summary>
    public (FakeServerRequest Caller, SentRequest Callee) EstablishedCall()
    {
        var invite = Invite();
        var toBob = Sip.OfMethod("INVITE").Single();
        toBob.Respond(180);
        toBob.Respond(200, BobSdp);
        FromAlice(invite, "ACK", 1);
        return (invite, toBob);
    }

    public string MetricsText => Metrics.Render();

    public void Dispose()
    {
        Calls.Dispose();
        FloorBinding?.Dispose();
        Registrar.Dispose();
    }
}
