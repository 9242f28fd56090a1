using System.Net;
using Mcptt.Signaling.Auth;

namespace Mcptt.Signaling.Tests.Auth;

/// <summary>Nonces bound to realm and source address, expiring; nonce-count tracking with bounded memory.</summary>
public sealed class NonceTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("10.0.0.99");
    private readonly ManualTimeProvider _clock = new();

    private DigestAuthenticator Create(Action<AuthOptions>? configure = null)
    {
        var options = new AuthOptions { Realm = "mcptt", Users = { ["bob"] = "secret" } };
        configure?.Invoke(options);
        return new DigestAuthenticator(options, _clock);
    }

    private static AuthOutcome Verify(DigestAuthenticator auth, string header, IPAddress? source) =>
        auth.Verify("REGISTER", "sip:mcptt", [header], source);

    [Fact]
    public void A_nonce_answered_from_another_address_is_stale_and_from_its_own_address_accepted()
    {
        var auth = Create();
        var challenge = auth.CreateChallenge(source: Alice);
        var header = DigestAnswers.Answer(challenge, "bob", "secret", "REGISTER", "sip:mcptt");
        var replayed = Verify(auth, header, Elsewhere);
        Assert.Equal(AuthStatus.Stale, replayed.Status);
        Assert.Equal(AuthFailure.OtherSource, replayed.Failure);
        Assert.True(Verify(auth, header, Alice).Ok);
        // IPv4 and its mapped IPv6 form are one host.
        Assert.True(Verify(auth, DigestAnswers.Answer(challenge, "bob", "secret", "REGISTER", "sip:mcptt", nc: 2), Alice.MapToIPv6()).Ok);
    }

    [Fact]
    public void A_nonce_of_another_realm_is_forged_even_with_the_same_secret()
    {
        var ours = Create(o => o.NonceSecret = "0123456789abcdef-shared");
        var theirs = Create(o => { o.NonceSecret = "0123456789abcdef-shared"; o.Realm = "other"; o.Users["bob"] = "secret"; });
        // Their nonce, dressed up in our realm and opaque.
        var mine = ours.CreateChallenge(source: Alice);
        var foreign = mine.Replace(DigestAnswers.Param(mine, "nonce"), DigestAnswers.Param(theirs.CreateChallenge(source: Alice), "nonce"));
        var outcome = Verify(ours, DigestAnswers.Answer(foreign, "bob", "secret", "REGISTER", "sip:mcptt"), Alice);
        Assert.Equal(AuthFailure.ForgedNonce, outcome.Failure);
    }

    [Fact]
    public void Wrong_password_on_an_expired_nonce_is_a_wrong_password_not_stale()
    {
        var auth = Create(o => o.NonceLifetime = TimeSpan.FromSeconds(30));
        var challenge = auth.CreateChallenge(source: Alice);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(AuthFailure.WrongPassword, Verify(auth, DigestAnswers.Answer(challenge, "bob", "guess", "REGISTER", "sip:mcptt"), Alice).Failure);
        var right = Verify(auth, DigestAnswers.Answer(challenge, "bob", "secret", "REGISTER", "sip:mcptt"), Alice);
        Assert.Equal(AuthStatus.Stale, right.Status);
        Assert.Equal(AuthFailure.StaleNonce, right.Failure);
    }

    [Fact]
    public void Every_accepted_nonce_is_tracked_and_a_forgotten_one_is_stale_never_replayable()
    {
        var auth = Create(o => o.MaxTrackedNonces = 16);
        var first = auth.CreateChallenge(source: Alice);
        var captured = DigestAnswers.Answer(first, "bob", "secret", "REGISTER", "sip:mcptt");
        Assert.True(Verify(auth, captured, Alice).Ok);
        Assert.Equal(AuthFailure.ReplayedNonce, Verify(auth, captured, Alice).Failure);

        // A flood of newer authenticated nonces pushes the first one out of the fixed-size table...
        for (int i = 0; i < 40; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(5));
            Assert.True(Verify(auth, DigestAnswers.Answer(auth.CreateChallenge(source: Alice), "bob", "secret", "REGISTER", "sip:mcptt"), Alice).Ok);
        }
        Assert.Equal(16, auth.TrackedNonces);
        // ...but its replay is still refused (stale: the client just takes a new nonce).
        var replay = Verify(auth, captured, Alice);
        Assert.Equal(AuthStatus.Stale, replay.Status);
        Assert.False(Verify(auth, DigestAnswers.Answer(first, "bob", "secret", "REGISTER", "sip:mcptt", nc: 9), Alice).Ok);
    }

    [Fact]
    public void Tracked_nonces_leave_when_they_expire()
    {
        var auth = Create(o => o.NonceLifetime = TimeSpan.FromSeconds(30));
        for (int i = 0; i < 5; i++)
            Assert.True(Verify(auth, DigestAnswers.Answer(auth.CreateChallenge(source: Alice), "bob", "secret", "REGISTER", "sip:mcptt"), Alice).Ok);
        Assert.Equal(5, auth.TrackedNonces);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(Verify(auth, DigestAnswers.Answer(auth.CreateChallenge(source: Alice), "bob", "secret", "REGISTER", "sip:mcptt"), Alice).Ok);
        Assert.Equal(1, auth.TrackedNonces);
    }

    [Fact]
    public void An_unknown_user_and_a_wrong_password_are_told_apart_only_in_the_metrics_reason()
    {
        var auth = Create();
        var challenge = auth.CreateChallenge(source: Alice);
        var unknown = Verify(auth, DigestAnswers.Answer(challenge, "mallory", "secret", "REGISTER", "sip:mcptt"), Alice);
        var wrong = Verify(auth, DigestAnswers.Answer(challenge, "bob", "guess", "REGISTER", "sip:mcptt"), Alice);
        Assert.Equal(AuthStatus.Failed, unknown.Status);
        Assert.Equal(AuthStatus.Failed, wrong.Status);
        Assert.Equal(AuthFailure.UnknownUser, unknown.Failure);
        Assert.Equal(AuthFailure.WrongPassword, wrong.Failure);
        Assert.True(unknown.IsGuess && wrong.IsGuess);
    }
}
