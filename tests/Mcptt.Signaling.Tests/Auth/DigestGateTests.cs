using System.Net;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;
using Mcptt.Signaling.Tests.Registrar;

namespace Mcptt.Signaling.Tests.Auth;

/// <summary>Failure throttling and the verdicts of the gate shared by REGISTER and INVITE (issue 10, finding 3).</summary>
public sealed class DigestGateTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("203.0.113.9");
    private static readonly IPAddress AliceHost = IPAddress.Parse("10.0.0.1");
    private readonly ManualTimeProvider _clock = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly List<IPAddress> _verified = new();
    private readonly DigestGate _gate;

    public DigestGateTests()
    {
        var options = new AuthOptions
        {
            Realm = "mcptt",
            Users = { ["alice"] = "secret", ["bob"] = "b" },
            Throttle = { MaxFailuresPerSource = 5, MaxFailuresPerUser = 12, BanTime = TimeSpan.FromSeconds(60), MaxBanTime = TimeSpan.FromSeconds(200) },
        };
        _gate = new DigestGate(new DigestAuthenticator(options, _clock), _metrics, new Verifier(_verified));
    }

    private sealed class Verifier(List<IPAddress> verified) : ISipSourceVerifier
    {
        public void MarkVerified(IPAddress source) => verified.Add(source);
    }

    private static SipRequest Register(string user, string? authorization) => SipText.Request($"""
        REGISTER sip:mcptt SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bK-{Guid.NewGuid():N}
        From: <sip:{user}@mcptt>;tag=1
        To: <sip:{user}@mcptt>
        Call-ID: {Guid.NewGuid():N}
        CSeq: 1 REGISTER
        Contact: <sip:{user}@192.0.2.5>
        {(authorization is null ? "" : "Authorization: " + authorization)}
        Content-Length: 0
        """);

    private static SipRequest Invite(string user, string? authorization) => SipText.Request($"""
        INVITE sip:bob@mcptt SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bK-{Guid.NewGuid():N}
        From: <sip:{user}@mcptt>;tag=1
        To: <sip:bob@mcptt>
        Call-ID: {Guid.NewGuid():N}
        CSeq: 1 INVITE
        {(authorization is null ? "" : "Proxy-Authorization: " + authorization)}
        Content-Length: 0
        """);

    /// <summary>One full REGISTER exchange (challenge, answer) with <paramref name="password"/>; the answer's verdict.</summary>
    private GateVerdict TryRegister(IPAddress from, string user, string password)
    {
        var challenge = _gate.Check(Register(user, null), from, ChallengeKind.Www, user, "To");
        if (challenge.Decision != GateDecision.Challenge) return challenge;
        return _gate.Check(Register(user, DigestAnswers.Answer(challenge.Challenge!, user, password, "REGISTER", "sip:mcptt")), from, ChallengeKind.Www, user, "To");
    }

    [Fact]
    public void A_guessing_host_is_banned_after_the_limit_and_then_refused_even_the_right_password()
    {
        for (int i = 1; i < 5; i++)
        {
            var wrong = TryRegister(Guesser, "alice", $"guess{i}");
            Assert.Equal(GateDecision.Challenge, wrong.Decision);
            Assert.True(wrong.Failed);
        }
        var fifth = TryRegister(Guesser, "alice", "guess5");
        Assert.Equal(GateDecision.Forbidden, fifth.Decision);
        Assert.Equal(60, fifth.RetryAfterSeconds);

        var right = TryRegister(Guesser, "alice", "secret");
        Assert.Equal(GateDecision.Forbidden, right.Decision);
        Assert.Contains("Too many failed attempts", right.Reason);
        Assert.Empty(_verified);
        var text = _metrics.Render();
        Assert.Contains("mcptt_sip_auth_failures_total{reason=\"wrong_password\"} 5", text);
        Assert.Contains("mcptt_sip_auth_bans_total{scope=\"source\"} 1", text);
        Assert.Contains("mcptt_sip_auth_bans_active{scope=\"source\"} 1", text);

        // alice on her own host is not affected.
        Assert.Equal(GateDecision.Authenticated, TryRegister(AliceHost, "alice", "secret").Decision);
        Assert.Equal([AliceHost], _verified);

        // The ban ends; the next one doubles.
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(GateDecision.Authenticated, TryRegister(Guesser, "bob", "b").Decision);
        for (int i = 0; i < 4; i++) TryRegister(Guesser, "bob", "wrong");
        Assert.Equal(120, TryRegister(Guesser, "bob", "wrong").RetryAfterSeconds);
    }

    [Fact]
    public void Guesses_on_invites_and_registers_count_together()
    {
        for (int i = 0; i < 4; i++)
        {
            var challenge = _gate.Check(Invite("alice", null), Guesser, ChallengeKind.Proxy, "alice", "From");
            var answer = DigestAnswers.Answer(challenge.Challenge!, "alice", "guess", "INVITE", "sip:bob@mcptt");
            Assert.Equal(GateDecision.Challenge, _gate.Check(Invite("alice", answer), Guesser, ChallengeKind.Proxy, "alice", "From").Decision);
        }
        Assert.Equal(GateDecision.Forbidden, TryRegister(Guesser, "alice", "guess").Decision);
        Assert.Equal(GateDecision.Forbidden, _gate.Check(Invite("alice", null), Guesser, ChallengeKind.Proxy, "alice", "From").Decision);
    }

    [Fact]
    public void A_distributed_guesser_locks_the_user_only_on_hosts_it_never_authenticated_from()
    {
        Assert.Equal(GateDecision.Authenticated, TryRegister(AliceHost, "alice", "secret").Decision);
        // 12 hosts, 1 guess each: no host reaches its limit, the user does.
        for (int i = 0; i < 12; i++) TryRegister(IPAddress.Parse($"198.51.100.{i + 1}"), "alice", "guess");
        var newHost = TryRegister(IPAddress.Parse("192.0.2.77"), "alice", "secret");
        Assert.Equal(GateDecision.Forbidden, newHost.Decision);
        Assert.Contains("this user", newHost.Reason);
        Assert.Contains("mcptt_sip_auth_bans_active{scope=\"user\"} 1", _metrics.Render());
        // Her own host keeps working: the lockout is no tool to lock her out of her phone.
        Assert.Equal(GateDecision.Authenticated, TryRegister(AliceHost, "alice", "secret").Decision);
        // Other users are untouched.
        Assert.Equal(GateDecision.Authenticated, TryRegister(IPAddress.Parse("192.0.2.77"), "bob", "b").Decision);
    }

    [Fact]
    public void Unknown_user_names_count_against_the_host_but_create_no_user_state()
    {
        for (int i = 0; i < 5; i++) TryRegister(Guesser, $"nobody{i}", "x");
        Assert.Equal(GateDecision.Forbidden, TryRegister(Guesser, "alice", "secret").Decision);
        Assert.Equal(0, _gate.Throttle.ActiveBans(AuthBanScope.User));
        Assert.Contains("mcptt_sip_auth_failures_total{reason=\"unknown_user\"} 5", _metrics.Render());
    }

    [Fact]
    public void Replays_stale_nonces_and_missing_qop_are_counted_but_never_ban()
    {
        var challenge = _gate.Check(Register("alice", null), AliceHost, ChallengeKind.Www, "alice", "To");
        var answer = DigestAnswers.Answer(challenge.Challenge!, "alice", "secret", "REGISTER", "sip:mcptt");
        Assert.Equal(GateDecision.Authenticated, _gate.Check(Register("alice", answer), AliceHost, ChallengeKind.Www, "alice", "To").Decision);
        for (int i = 0; i < 10; i++)
        {
            var replay = _gate.Check(Register("alice", answer), Guesser, ChallengeKind.Www, "alice", "To");
            Assert.Equal(GateDecision.Challenge, replay.Decision);
            Assert.Contains("stale=true", replay.Challenge);
        }
        Assert.Equal(0, _gate.Throttle.ActiveBans(AuthBanScope.Source));
        Assert.Contains("mcptt_sip_auth_failures_total{reason=\"other_source\"} 10", _metrics.Render());
    }

    [Fact]
    public void Credentials_of_another_user_are_forbidden_and_trusted_networks_need_none()
    {
        var challenge = _gate.Check(Invite("alice", null), AliceHost, ChallengeKind.Proxy, "alice", "From");
        var bobs = DigestAnswers.Answer(challenge.Challenge!, "bob", "b", "INVITE", "sip:bob@mcptt");
        var mismatch = _gate.Check(Invite("alice", bobs), AliceHost, ChallengeKind.Proxy, "alice", "From");
        Assert.Equal(GateDecision.Forbidden, mismatch.Decision);
        Assert.Equal("Credentials do not match the From user", mismatch.Reason);

        var options = new AuthOptions { Realm = "mcptt", Users = { ["alice"] = "secret" }, TrustedNetworks = { IPNetwork.Parse("10.0.0.0/8") } };
        var trusting = new DigestGate(new DigestAuthenticator(options, _clock));
        Assert.Equal(GateDecision.NotRequired, trusting.Check(Invite("alice", null), AliceHost, ChallengeKind.Proxy, "alice", "From").Decision);
        Assert.Equal(GateDecision.Challenge, trusting.Check(Invite("alice", null), Guesser, ChallengeKind.Proxy, "alice", "From").Decision);
    }
}
