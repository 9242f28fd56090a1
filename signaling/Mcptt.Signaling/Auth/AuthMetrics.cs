using Mcptt.Relay.Core.Stats;

namespace Mcptt.Signaling.Auth;

/// <summary>Digest authentication counters, declared once per registry (by the one <see cref="DigestGate"/> of a process).</summary>
public sealed class AuthMetrics
{
    private readonly Dictionary<AuthFailure, Counter> _failures = new();
    private readonly Counter _sourceBans;
    private readonly Counter _userLocks;

    public AuthMetrics(MetricsRegistry metrics, AuthThrottle throttle, DigestAuthenticator auth)
    {
        foreach (var failure in AuthFailureLabels.All)
            _failures[failure] = metrics.Counter("mcptt_sip_auth_failures_total",
                "Digest answers refused (and requests refused by a ban), by reason", ("reason", AuthFailureLabels.Label(failure)));
        _sourceBans = metrics.Counter("mcptt_sip_auth_bans_total", "Bans started after too many wrong guesses, by scope", ("scope", "source"));
        _userLocks = metrics.Counter("mcptt_sip_auth_bans_total", "Bans started after too many wrong guesses, by scope", ("scope", "user"));
        metrics.Gauge("mcptt_sip_auth_bans_active", "Running bans: banned source hosts, locked users", () => throttle.ActiveBans(AuthBanScope.Source), ("scope", "source"));
        metrics.Gauge("mcptt_sip_auth_bans_active", "Running bans: banned source hosts, locked users", () => throttle.ActiveBans(AuthBanScope.User), ("scope", "user"));
        metrics.Gauge("mcptt_sip_auth_nonces_tracked", "Nonces whose nonce-count is remembered for replay protection", () => auth.TrackedNonces);
    }

    public void Failed(AuthFailure failure)
    {
        if (_failures.TryGetValue(failure, out var counter)) counter.Inc();
    }

    public void BanStarted(AuthBanScope scope) => (scope == AuthBanScope.User ? _userLocks : _sourceBans).Inc();

    public long FailureCount(AuthFailure failure) => _failures[failure].Value;
}
