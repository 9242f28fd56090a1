using Mcptt.Floor.Binding;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Groups;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;
using Mcptt.Signaling.Tests.Auth;
using Mcptt.Signaling.Tests.Calls;
using Mcptt.Signaling.Tests.Registrar;

namespace Mcptt.Signaling.Tests.Groups;

/// <summary>
/// Group "group1" = alice, bob, carol (all registered; alice may use priority 8, the group 5); dave is registered
/// but not a member. Fake SIP far ends and data plane, a manual clock driving the real floor server.
/// </summary>
internal sealed class GroupFixture : IDisposable
{
    public static readonly TimeSpan T4 = TimeSpan.FromSeconds(20);

    public ManualTimeProvider Clock { get; } = new();
    public MetricsRegistry Metrics { get; } = new();
    public GroupFakeRelay Relay { get; } = new();
    public FakeSip Sip { get; } = new();
    public Mcptt.Signaling.Registrar.Registrar Registrar { get; }
    public FloorServer FloorServer { get; }
    public RelayFloorBinding Binding { get; }
    public GroupCallController Groups { get; }
    private int _cseq = 1;
    private int _callNo;

    /// <param name="authOptions">Digest settings of the group INVITEs (default: auth off, callers proven by registration).</param>
    public GroupFixture(bool queueing = true, AuthOptions? authOptions = null)
    {
        Registrar = new Mcptt.Signaling.Registrar.Registrar(new RegistrarOptions(), new DigestGate(new DigestAuthenticator(new AuthOptions { Enabled = false }, Clock)), Metrics, Clock);
        foreach (var (user, n) in new[] { ("alice", 1), ("bob", 2), ("carol", 3), ("dave", 4) })
            Register(user, $"10.0.0.{n}:5060", FlowOf(user));
        FloorServer = new FloorServer(Metrics, Clock, new FloorTimers { T4Inactivity = T4 });
        Binding = new RelayFloorBinding(Relay, FloorServer);
        var options = new GroupCallOptions
        {
            Groups =
            {
                new GroupDefinition
                {
                    User = "group1", Members = ["alice", "bob", "carol"], MaxPriority = 5, Queueing = queueing,
                    MemberPriorities = new Dictionary<string, byte> { ["alice"] = 8 },
                },
            },
        };
        authOptions ??= new AuthOptions { Enabled = false };
        Groups = new GroupCallController(options, new CallOptions { Domain = "127.0.0.1" }, new DigestGate(new DigestAuthenticator(authOptions, Clock)),
            Registrar, Relay, Binding, Sip, Metrics, Clock);
    }

    public static SipFlow FlowOf(string user) => user switch
    {
        "alice" => FakeServerRequest.Udp("10.0.0.1", 5060),
        "bob" => FakeServerRequest.Udp("10.0.0.2", 5060),
        "carol" => FakeServerRequest.Udp("10.0.0.3", 5060),
        _ => FakeServerRequest.Udp("10.0.0.4", 5060),
    };

    private void Register(string user, string contact, SipFlow flow)
    {
        var response = Registrar.HandleRegister(SipText.Request($"""
            REGISTER sip:127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP {contact};branch=z9hG4bK-reg{_cseq}
            From: <sip:{user}@127.0.0.1>;tag=r{user}
            To: <sip:{user}@127.0.0.1>
            Call-ID: reg-{user}
            CSeq: {_cseq++} REGISTER
            Contact: <sip:{user}@{contact}>
            Expires: 3600
            Content-Length: 0
            """), flow);
        Assert.Equal(200, response.StatusCode);
    }

    /// <summary>An MCPTT client's SDP: audio PCMU + floor channel with <paramref name="fmtp"/> (null: legacy phone, audio only).</summary>
    public static string ClientSdp(string host, string? fmtp, int audioPort = 6000)
    {
        var sdp = $"v=0\r\no=u 1 1 IN IP4 {host}\r\ns=-\r\nc=IN IP4 {host}\r\nt=0 0\r\nm=audio {audioPort} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
        if (fmtp is not null) sdp += $"m=application {audioPort + 10} udp MCPTT\r\na=fmtp:MCPTT {fmtp}\r\n";
        return sdp;
    }

    public FakeServerRequest InviteGroup(string from, string? sdp, string group = "group1", string extraHeaders = "")
    {
        int n = ++_callNo;
        string host = FlowOf(from).Remote.Address.ToString();
        var text = $"""
            INVITE sip:{group}@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP {host}:5060;branch=z9hG4bK-g{n};rport
            From: <sip:{from}@127.0.0.1>;tag={from}tag{n}
            To: <sip:{group}@127.0.0.1>
            Call-ID: group-call-{n}@{host}
            CSeq: 1 INVITE
            Contact: <sip:{from}@{host}:5060>
            Max-Forwards: 70
            {extraHeaders}
            Content-Type: application/sdp
            Content-Length: {sdp?.Length ?? 0}

            {sdp}
            """;
        var request = new FakeServerRequest(SipText.Request(text), FlowOf(from));
        Assert.True(Groups.TryHandle(request));
        return request;
    }

    /// <summary>An in-dialog request from the member who sent <paramref name="invite"/>.</summary>
    public FakeServerRequest InDialog(FakeServerRequest invite, string method, int cseq)
    {
        var original = invite.Request;
        var text = $"""
            {method} sip:192.0.2.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-d{method}{cseq}n{++_callNo};rport
            From: {original.Headers.Get("From")}
            To: <sip:group1@127.0.0.1>;tag={invite.LocalTag}
            Call-ID: {original.CallId}
            CSeq: {cseq} {method}
            Max-Forwards: 70
            Content-Length: 0
            """ + "\n\n";
        var request = new FakeServerRequest(SipText.Request(text), invite.Source);
        Assert.True(Groups.TryHandle(request));
        return request;
    }

    /// <summary>A BYE from an invited member inside the dialog our INVITE created.</summary>
    public FakeServerRequest ByeFromInvited(SentRequest ourInvite, int cseq = 1)
    {
        var ours = ourInvite.Request;
        var from = NameAddr.Parse(ours.Headers.Get("To")!);
        from.Tag = ourInvite.ToTag;
        var text = $"""
            BYE sip:192.0.2.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-bye{cseq}n{++_callNo};rport
            From: {from}
            To: {ours.Headers.Get("From")}
            Call-ID: {ours.CallId}
            CSeq: {cseq} BYE
            Max-Forwards: 70
            Content-Length: 0
            """ + "\n\n";
        var request = new FakeServerRequest(SipText.Request(text), ourInvite.Target);
        Assert.True(Groups.TryHandle(request));
        return request;
    }

    public SentRequest InviteTo(string user) => Sip.OfMethod("INVITE").Single(s => s.Request.To!.SipUri!.User == user);

    public static SessionDescription Sdp(SipMessage message)
    {
        var parsed = SdpParser.Parse(message.Body);
        Assert.True(parsed.Ok, parsed.Error);
        return parsed.Sdp;
    }

    public static string? Fmtp(SessionDescription sdp) => sdp.Media.Single(m => m.Media == "application").GetFmtp("MCPTT");

    public string MetricsText => Metrics.Render();

    public void Dispose()
    {
        Groups.Dispose();
        Binding.Dispose();
        Registrar.Dispose();
    }
}
