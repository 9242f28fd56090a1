using System.Net;
using System.Text.RegularExpressions;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;
using Mcptt.Signaling.Tests.Auth;

namespace Mcptt.Signaling.Tests.Registrar;

public sealed class RegistrarTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly Mcptt.Signaling.Registrar.Registrar _registrar;
    private readonly SipFlow _natFlow = new("UDP", new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40123));
    private int _cseq = 1;

    public RegistrarTests()
    {
        var auth = new DigestAuthenticator(new AuthOptions { Enabled = false, Users = { ["bob"] = "secret" } }, _clock);
        _registrar = new Mcptt.Signaling.Registrar.Registrar(new RegistrarOptions(), new DigestGate(auth), _metrics, _clock);
    }

    public void Dispose() => _registrar.Dispose();

    private SipResponse Register(string contactLines, string? expires = "Expires: 3600", string callId = "reg-1", int? cseq = null, string user = "bob", string? rawContact = null)
    {
        int number = cseq ?? _cseq++;
        var request = SipText.Request($"""
            REGISTER sip:127.0.0.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.5:5072;branch=z9hG4bK-{number};rport
            From: <sip:{user}@127.0.0.1>;tag=abc
            To: <sip:{user}@127.0.0.1>
            Call-ID: {callId}
            CSeq: {number} REGISTER
            {contactLines}
            {expires ?? ""}
            Max-Forwards: 70
            Content-Length: 0
            """);
        // The stack's parser already refuses some broken Contacts; the registrar must still cope if one gets through.
        if (rawContact is not null) request.Headers.Set("Contact", rawContact);
        return _registrar.HandleRegister(request, _natFlow);
    }

    private static Dictionary<string, int> ContactExpires(SipResponse response)
        => response.Contacts.ToDictionary(c => c.Uri.ToString()!, c => int.Parse(c.Parameters.Get("expires")!));

    [Fact]
    public void Register_creates_binding_with_flow_and_200_lists_it()
    {
        var response = Register("Contact: <sip:bob@10.0.0.5:5072;transport=udp>");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3600, ContactExpires(response)["sip:bob@10.0.0.5:5072;transport=udp"]);
        Assert.NotNull(response.To!.Tag);
        var binding = Assert.Single(_registrar.Lookup("bob"));
        Assert.Equal("10.0.0.5", binding.Contact.Host);
        Assert.Equal(_natFlow, binding.Flow); // requests to bob go to where the REGISTER came from (NAT)
        Assert.Equal(1, _registrar.BindingCount);
        Assert.Contains("mcptt_registrations 1", _metrics.Render());
        Assert.Contains("mcptt_register_total{result=\"ok\"} 1", _metrics.Render());
    }

    [Fact]
    public void Contact_expires_parameter_wins_over_header_and_is_clamped_to_max()
    {
        var response = Register("Contact: <sip:bob@10.0.0.5:5072>;expires=120, <sip:bob@10.0.0.6>;expires=999999", "Expires: 300");
        Assert.Equal(200, response.StatusCode);
        var expires = ContactExpires(response);
        Assert.Equal(120, expires["sip:bob@10.0.0.5:5072"]);
        Assert.Equal(3600, expires["sip:bob@10.0.0.6"]);
    }

    [Fact]
    public void Missing_expires_uses_default()
    {
        var response = Register("Contact: <sip:bob@10.0.0.5:5072>", expires: null);
        Assert.Equal(3600, ContactExpires(response)["sip:bob@10.0.0.5:5072"]);
    }

    [Fact]
    public void Too_brief_interval_gets_423_with_min_expires()
    {
        var response = Register("Contact: <sip:bob@10.0.0.5:5072>", "Expires: 30");
        Assert.Equal(423, response.StatusCode);
        Assert.Equal("60", response.Headers.Get("Min-Expires"));
        Assert.Empty(_registrar.Lookup("bob"));
        Assert.Contains("mcptt_register_total{result=\"interval_too_brief\"} 1", _metrics.Render());
    }

    [Fact]
    public void Refresh_extends_and_zero_removes_one_contact()
    {
        Register("Contact: <sip:bob@10.0.0.5:5072>, <sip:bob@10.0.0.6:5060>", "Expires: 600");
        _clock.Advance(TimeSpan.FromSeconds(500));
        var refreshed = Register("Contact: <sip:bob@10.0.0.5:5072>", "Expires: 600");
        var expires = ContactExpires(refreshed);
        Assert.Equal(600, expires["sip:bob@10.0.0.5:5072"]);
        Assert.Equal(100, expires["sip:bob@10.0.0.6:5060"]);

        var removed = Register("Contact: <sip:bob@10.0.0.6:5060>;expires=0", "Expires: 600");
        Assert.Equal(200, removed.StatusCode);
        Assert.Equal(new[] { "sip:bob@10.0.0.5:5072" }, ContactExpires(removed).Keys);
        Assert.Equal(1, _registrar.BindingCount);
    }

    [Fact]
    public void Star_with_expires_zero_removes_all_and_star_without_it_is_400()
    {
        Register("Contact: <sip:bob@10.0.0.5:5072>, <sip:bob@10.0.0.6:5060>");
        var bad = Register("Contact: *", "Expires: 60");
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("Expires: 0", bad.ReasonPhrase);
        var mixed = Register("", "Expires: 0", rawContact: "*, <sip:bob@10.0.0.6>");
        Assert.Equal(400, mixed.StatusCode);
        var removed = Register("Contact: *", "Expires: 0");
        Assert.Equal(200, removed.StatusCode);
        Assert.Empty(removed.Contacts);
        Assert.Empty(_registrar.Lookup("bob"));
        Assert.Equal(0, _registrar.BindingCount);
    }

    [Fact]
    public void Query_without_contact_lists_bindings()
    {
        Register("Contact: <sip:bob@10.0.0.5:5072>");
        var query = Register("", expires: null);
        Assert.Equal(200, query.StatusCode);
        Assert.Single(query.Contacts);
    }

    [Fact]
    public void Bindings_expire_with_the_clock_and_are_purged_by_the_timer()
    {
        Register("Contact: <sip:bob@10.0.0.5:5072>", "Expires: 60");
        Register("Contact: <sip:bob@10.0.0.6:5060>", "Expires: 120");
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("10.0.0.6", Assert.Single(_registrar.Lookup("bob")).Contact.Host);
        Assert.Equal(1, _registrar.BindingCount);
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(_registrar.Lookup("bob"));
        Assert.Equal(0, _registrar.BindingCount);
        Assert.Contains("mcptt_registrations 0", _metrics.Render());
    }

    [Fact]
    public void Several_contacts_are_returned_most_recent_first()
    {
        Register("Contact: <sip:bob@10.0.0.5:5072>");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Register("Contact: <sip:bob@10.0.0.6:5060>", callId: "other-device", cseq: 1);
        var bindings = _registrar.Lookup("bob");
        Assert.Equal(new[] { "10.0.0.6", "10.0.0.5" }, bindings.Select(b => b.Contact.Host));
    }

    [Fact]
    public void Same_call_id_with_old_cseq_is_rejected_and_new_call_id_replaces()
    {
        Register("Contact: <sip:bob@10.0.0.5:5072>", callId: "c1", cseq: 5);
        var old = Register("Contact: <sip:bob@10.0.0.5:5072>", callId: "c1", cseq: 5);
        Assert.Equal(500, old.StatusCode);
        var otherCallId = Register("Contact: <sip:bob@10.0.0.5:5072>", "Expires: 120", callId: "c2", cseq: 1);
        Assert.Equal(200, otherCallId.StatusCode);
        Assert.Equal("c2", Assert.Single(_registrar.Lookup("bob")).CallId);
    }

    [Theory]
    [InlineData("<sip:bob@10.0.0.5", "Malformed Contact")]
    [InlineData("<tel:+15551234>", "scheme")]
    [InlineData("<sip:bob@10.0.0.5>;expires=soon", "expires")]
    [InlineData("<sip:bob@10.0.0.5>;q=7", "q parameter")]
    public void Malformed_contact_is_400_with_reason(string contact, string reason)
    {
        var response = Register("", rawContact: contact);
        Assert.Equal(400, response.StatusCode);
        Assert.Contains(reason, response.ReasonPhrase);
        Assert.Contains("mcptt_register_total{result=\"bad_request\"} 1", _metrics.Render());
    }

    [Fact]
    public void Non_numeric_expires_header_is_400()
    {
        Assert.Equal(400, Register("Contact: <sip:bob@10.0.0.5>", "Expires: tomorrow").StatusCode);
    }

    [Fact]
    public void Too_many_contacts_is_403()
    {
        var contacts = string.Join(", ", Enumerable.Range(1, 11).Select(i => $"<sip:bob@10.0.0.{i}>"));
        var response = Register("Contact: " + contacts);
        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_registrar.Lookup("bob"));
    }

    [Fact]
    public void Foreign_domain_is_refused_when_hosts_are_listed()
    {
        var auth = new DigestAuthenticator(new AuthOptions { Enabled = false }, _clock);
        using var strict = new Mcptt.Signaling.Registrar.Registrar(new RegistrarOptions { Domain = "mcptt.example", AcceptedHosts = { "127.0.0.2" } }, new DigestGate(auth), new MetricsRegistry(), _clock);
        var request = SipText.Request("""
            REGISTER sip:127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.5:5072;branch=z9hG4bK-x
            From: <sip:bob@127.0.0.1>;tag=abc
            To: <sip:bob@127.0.0.1>
            Call-ID: x
            CSeq: 1 REGISTER
            Contact: <sip:bob@10.0.0.5>
            Content-Length: 0
            """);
        Assert.Equal(403, strict.HandleRegister(request, _natFlow).StatusCode);
    }

    [Fact]
    public void Options_validation_names_the_setting()
    {
        var errors = new RegistrarOptions { Domain = "", MinExpires = 100, MaxExpires = 50, DefaultExpires = 10, MaxContactsPerAor = 0 }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Registrar:Domain"));
        Assert.Contains(errors, e => e.StartsWith("Registrar:MaxExpires"));
        Assert.Contains(errors, e => e.StartsWith("Registrar:DefaultExpires"));
        Assert.Contains(errors, e => e.StartsWith("Registrar:MaxContactsPerAor"));
        Assert.Empty(new RegistrarOptions().Validate());
    }
}

public sealed class RegistrarAuthTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly Mcptt.Signaling.Registrar.Registrar _registrar;
    private readonly SipFlow _flow = new("UDP", new IPEndPoint(IPAddress.Loopback, 5072));

    public RegistrarAuthTests()
    {
        var auth = new DigestAuthenticator(new AuthOptions { Realm = "mcptt", Users = { ["bob"] = "secret", ["alice"] = "pw" } }, _clock);
        _registrar = new Mcptt.Signaling.Registrar.Registrar(new RegistrarOptions(), new DigestGate(auth), _metrics, _clock);
    }

    public void Dispose() => _registrar.Dispose();

    private static SipRequest SippRegister(int cseq, string? authorization, string user = "bob") => SipText.Request($"""
        REGISTER sip:127.0.0.1:5060 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:5072;branch=z9hG4bK-{cseq};rport
        From: <sip:{user}@127.0.0.1>;tag=1234SIPpTag001
        To: <sip:{user}@127.0.0.1>
        Call-ID: 1-1234@127.0.0.1
        CSeq: {cseq} REGISTER
        Contact: <sip:{user}@127.0.0.1:5072;transport=UDP>
        {(authorization is null ? "" : "Authorization: " + authorization)}
        Max-Forwards: 70
        Expires: 3600
        User-Agent: SIPp
        Content-Length: 0
        """);

    private static string Answer(string challenge, string user, string password, string nc = "00000001")
    {
        string P(string name) => Regex.Match(challenge, name + "=\"?([^\",]*)\"?").Groups[1].Value;
        var response = DigestMath.Response(DigestMath.Ha1(user, P("realm"), password), P("nonce"), nc, "6b8b4567", "auth",
            DigestMath.Ha2("REGISTER", "sip:127.0.0.1:5060"));
        return $"Digest username=\"{user}\",realm=\"{P("realm")}\",cnonce=\"6b8b4567\",nc={nc},qop=auth,uri=\"sip:127.0.0.1:5060\",nonce=\"{P("nonce")}\",response=\"{response}\",algorithm=MD5,opaque=\"{P("opaque")}\"";
    }

    [Fact]
    public void Sipp_register_flow_401_then_200()
    {
        var challenge = _registrar.HandleRegister(SippRegister(1, null), _flow);
        Assert.Equal(401, challenge.StatusCode);
        var header = challenge.Headers.Get("WWW-Authenticate")!;
        Assert.Contains("realm=\"mcptt\"", header);
        Assert.Empty(_registrar.Lookup("bob"));

        var ok = _registrar.HandleRegister(SippRegister(2, Answer(header, "bob", "secret")), _flow);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("bob", Assert.Single(_registrar.Lookup("bob")).AuthenticatedAs);
        var text = _metrics.Render();
        Assert.Contains("mcptt_register_total{result=\"challenged\"} 1", text);
        Assert.Contains("mcptt_register_total{result=\"ok\"} 1", text);
    }

    [Fact]
    public void Wrong_password_is_challenged_again_and_nothing_is_bound()
    {
        var header = _registrar.HandleRegister(SippRegister(1, null), _flow).Headers.Get("WWW-Authenticate")!;
        var response = _registrar.HandleRegister(SippRegister(2, Answer(header, "bob", "wrong")), _flow);
        Assert.Equal(401, response.StatusCode);
        Assert.Empty(_registrar.Lookup("bob"));
        Assert.Contains("mcptt_register_total{result=\"auth_failed\"} 1", _metrics.Render());
    }

    [Fact]
    public void Expired_nonce_gets_stale_challenge()
    {
        var header = _registrar.HandleRegister(SippRegister(1, null), _flow).Headers.Get("WWW-Authenticate")!;
        _clock.Advance(TimeSpan.FromMinutes(6));
        var response = _registrar.HandleRegister(SippRegister(2, Answer(header, "bob", "secret")), _flow);
        Assert.Equal(401, response.StatusCode);
        Assert.Contains("stale=true", response.Headers.Get("WWW-Authenticate"));
    }

    [Fact]
    public void Authenticated_user_cannot_register_someone_else()
    {
        var header = _registrar.HandleRegister(SippRegister(1, null, "alice"), _flow).Headers.Get("WWW-Authenticate")!;
        var response = _registrar.HandleRegister(SippRegister(2, Answer(header, "bob", "secret"), "alice"), _flow);
        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_registrar.Lookup("alice"));
    }
}
