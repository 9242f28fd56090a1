using System.Globalization;
using System.Net;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Auth;

/// <summary>Where the challenge goes: 401 WWW-Authenticate (registrar, RFC 3261 §22.2) or 407 Proxy-Authenticate (§22.3).</summary>
public enum ChallengeKind : byte { Www, Proxy }

public enum GateDecision : byte
{
    /// <summary>Credentials verified for the claimed user.</summary>
    Authenticated,
    /// <summary>No digest needed: auth is off, or the source is in Auth:TrustedNetworks.</summary>
    NotRequired,
    /// <summary>Answer with a challenge (401/407).</summary>
    Challenge,
    /// <summary>Answer 403: a ban, or credentials of another user.</summary>
    Forbidden,
}

/// <summary>What the gate decided: <see cref="Challenge"/> is the header value of a challenge, <see cref="RetryAfterSeconds"/>
/// is set for bans, <see cref="Failed"/> tells a refused answer from a first challenge or a stale nonce.</summary>
public readonly record struct GateVerdict(GateDecision Decision, string? User, string? Challenge, string? Reason, int? RetryAfterSeconds, bool Failed = false)
{
    public bool Passed => Decision is GateDecision.Authenticated or GateDecision.NotRequired;
}

/// <summary>
/// The one door of every request that creates state (REGISTER, INVITE): trusted networks, bans, then the digest
/// answer, then whether it is the claimed user. Counts every refusal, feeds failures to <see cref="AuthThrottle"/>
/// and tells the flood guard which hosts proved who they are. Shared by the registrar and call control so that one
/// host's wrong guesses count the same whichever request carries them.
/// </summary>
public sealed class DigestGate
{
    private readonly DigestAuthenticator _auth;
    private readonly AuthThrottle _throttle;
    private readonly AuthMetrics? _metrics;
    private readonly ISipSourceVerifier? _verifier;

    /// <param name="metrics">Null: nothing exported (tests that build several gates on one registry).</param>
    public DigestGate(DigestAuthenticator auth, MetricsRegistry? metrics = null, ISipSourceVerifier? verifier = null)
    {
        _auth = auth;
        _throttle = new AuthThrottle(auth.Options.Throttle, auth.IsKnownUser, auth.Time);
        _metrics = metrics is null ? null : new AuthMetrics(metrics, _throttle, auth);
        _verifier = verifier;
    }

    public DigestAuthenticator Authenticator => _auth;

    public AuthThrottle Throttle => _throttle;

    /// <summary>True when INVITEs must carry credentials (auth on and Auth:AuthInvites).</summary>
    public bool ChallengesInvites => _auth.Enabled && _auth.Options.AuthInvites;

    /// <param name="claimedUser">Whom the request claims to come from: the To user of a REGISTER, the From user of an INVITE.</param>
    /// <param name="claimHeader">"To" or "From", for the 403 reason.</param>
    public GateVerdict Check(SipRequest request, IPAddress source, ChallengeKind kind, string claimedUser, string claimHeader)
    {
        if (!_auth.Enabled || _auth.Options.IsTrusted(source)) return new GateVerdict(GateDecision.NotRequired, null, null, null, null);
        var ban = _throttle.Check(source, claimedUser);
        if (ban.Active) return Banned(ban);
        var outcome = _auth.Verify(request.Method, $"{request.RequestUri}", Credentials(request, kind), source);
        switch (outcome.Status)
        {
            case AuthStatus.Authenticated when !string.Equals(outcome.User, claimedUser, StringComparison.Ordinal):
                _metrics?.Failed(AuthFailure.UserMismatch);
                return new GateVerdict(GateDecision.Forbidden, null, null, $"Credentials do not match the {claimHeader} user", null);
            case AuthStatus.Authenticated:
                _throttle.RecordSuccess(source, outcome.User!);
                _verifier?.MarkVerified(source);
                return new GateVerdict(GateDecision.Authenticated, outcome.User, null, null, null);
            case AuthStatus.Missing:
                return Challenge(source, stale: false, null);
            default:
                _metrics?.Failed(outcome.Failure);
                if (outcome.IsGuess)
                {
                    var started = _throttle.RecordFailure(source, GuessedUser(request, kind) ?? claimedUser);
                    if (started.Active)
                    {
                        _metrics?.BanStarted(started.Scope);
                        return Banned(started);
                    }
                }
                return Challenge(source, outcome.Status == AuthStatus.Stale, outcome.Reason) with { Failed = outcome.Status == AuthStatus.Failed };
        }
    }

    private GateVerdict Challenge(IPAddress source, bool stale, string? reason)
        => new(GateDecision.Challenge, null, _auth.CreateChallenge(stale, source), reason, null);

    private GateVerdict Banned(AuthBan ban)
    {
        _metrics?.Failed(AuthFailure.Banned);
        long seconds = Math.Max(1, (ban.UntilMs - _auth.Time.GetUtcNow().ToUnixTimeMilliseconds() + 999) / 1000);
        string what = ban.Scope == AuthBanScope.Source ? "this host" : "this user from this host";
        return new GateVerdict(GateDecision.Forbidden, null, null, $"Too many failed attempts from {what}", (int)Math.Min(seconds, int.MaxValue));
    }

    /// <summary>All Authorization values for a 401 challenge; Proxy-Authorization and Authorization for a 407 (UAs differ).</summary>
    private static List<string> Credentials(SipRequest request, ChallengeKind kind)
    {
        if (kind == ChallengeKind.Www) return request.Headers.GetAll(SipHeaderNames.Authorization);
        var headers = request.Headers.GetAll(SipHeaderNames.ProxyAuthorization);
        headers.AddRange(request.Headers.GetAll(SipHeaderNames.Authorization));
        return headers;
    }

    /// <summary>The user name the answer guessed for (counts against that user even when it differs from the claim).</summary>
    private static string? GuessedUser(SipRequest request, ChallengeKind kind)
    {
        foreach (var header in Credentials(request, kind))
            if (DigestParameters.TryParse(header, out var p, out _) && p.TryGetValue("username", out var user)) return user;
        return null;
    }

    /// <summary>The response for a verdict that did not pass: 401/407 with the challenge, or 403 (with Retry-After for a ban).</summary>
    public static SipResponse Response(SipRequest request, GateVerdict verdict, ChallengeKind kind, string toTag)
    {
        if (verdict.Decision == GateDecision.Challenge)
        {
            var challenge = SipResponse.CreateFor(request, kind == ChallengeKind.Www ? 401 : 407, null, toTag);
            challenge.Headers.Add(kind == ChallengeKind.Www ? SipHeaderNames.WwwAuthenticate : SipHeaderNames.ProxyAuthenticate, verdict.Challenge!);
            return challenge;
        }
        var forbidden = SipResponse.CreateFor(request, 403, verdict.Reason, toTag);
        if (verdict.RetryAfterSeconds is int seconds)
            forbidden.Headers.Add(SipHeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
        return forbidden;
    }
}
