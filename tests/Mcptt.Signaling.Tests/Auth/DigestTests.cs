using System.Text.RegularExpressions;
using Mcptt.Signaling.Auth;

namespace Mcptt.Signaling.Tests.Auth;

public class DigestTests
{
    private readonly ManualTimeProvider _clock = new();

    private DigestAuthenticator Create(Action<AuthOptions>? configure = null)
    {
        var options = new AuthOptions { Realm = "mcptt", Users = { ["bob"] = "secret" } };
        configure?.Invoke(options);
        return new DigestAuthenticator(options, _clock);
    }

    private static string Param(string challenge, string name)
        => Regex.Match(challenge, name + "=\"?([^\",]*)\"?").Groups[1].Value;

    /// <summary>Builds the header the way sipp 3.6 fills [authentication] (unquoted qop, nc; algorithm; opaque echoed).</summary>
    private static string SippAuthorization(string challenge, string user, string password, string method, string uri, string nc = "00000001", string cnonce = "6b8b4567")
    {
        var nonce = Param(challenge, "nonce");
        var realm = Param(challenge, "realm");
        var ha1 = DigestMath.Ha1(user, realm, password);
        var response = DigestMath.Response(ha1, nonce, nc, cnonce, "auth", DigestMath.Ha2(method, uri));
        return $"Digest username=\"{user}\",realm=\"{realm}\",cnonce=\"{cnonce}\",nc={nc},qop=auth,uri=\"{uri}\",nonce=\"{nonce}\",response=\"{response}\",algorithm=MD5,opaque=\"{Param(challenge, "opaque")}\"";
    }

    [Fact]
    public void Rfc2617_section_3_5_example_vector()
    {
        var ha1 = DigestMath.Ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        var response = DigestMath.Response(ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth",
            DigestMath.Ha2("GET", "/dir/index.html"));
        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void Rfc2069_style_response_without_qop()
    {
        // HA1/HA2 of the RFC 2617 example, combined without qop: MD5(HA1:nonce:HA2).
        var ha1 = DigestMath.Ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        var ha2 = DigestMath.Ha2("GET", "/dir/index.html");
        Assert.Equal(DigestMath.Md5Hex($"{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:{ha2}"),
            DigestMath.Response(ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null, ha2));
    }

    [Fact]
    public void Challenge_carries_realm_nonce_opaque_md5_and_qop_auth()
    {
        var challenge = Create().CreateChallenge();
        Assert.StartsWith("Digest realm=\"mcptt\", nonce=\"", challenge);
        Assert.Contains("algorithm=MD5", challenge);
        Assert.Contains("qop=\"auth\"", challenge);
        Assert.Matches("opaque=\"[0-9a-f]{16}\"", challenge);
        Assert.DoesNotContain("stale", challenge);
        Assert.EndsWith("stale=true", Create().CreateChallenge(stale: true));
    }

    [Fact]
    public void Sipp_style_answer_is_accepted()
    {
        var auth = Create();
        var header = SippAuthorization(auth.CreateChallenge(), "bob", "secret", "REGISTER", "sip:127.0.0.1:5060");
        var outcome = auth.Verify("REGISTER", "sip:127.0.0.1:5060", new[] { header });
        Assert.True(outcome.Ok, outcome.Reason);
        Assert.Equal("bob", outcome.User);
    }

    [Fact]
    public void Baresip_style_answer_with_spaces_and_quoted_qop_is_accepted()
    {
        var auth = Create();
        var challenge = auth.CreateChallenge();
        var nonce = Param(challenge, "nonce");
        var response = DigestMath.Response(DigestMath.Ha1("bob", "mcptt", "secret"), nonce, "00000001", "abc", "auth", DigestMath.Ha2("INVITE", "sip:alice@127.0.0.1"));
        var header = $"Digest username=\"bob\", realm=\"mcptt\", nonce=\"{nonce}\", uri=\"sip:alice@127.0.0.1\", response=\"{response}\", cnonce=\"abc\", qop=auth, nc=00000001";
        Assert.True(auth.Verify("INVITE", "sip:alice@127.0.0.1", new[] { header }).Ok);
    }

    [Fact]
    public void Answer_without_qop_is_accepted_once_only_where_old_clients_are_allowed()
    {
        // Issue 10: an answer without qop is identical for every request on its nonce. Refused by default...
        var strict = Create();
        var refused = strict.Verify("REGISTER", "sip:mcptt", new[] { NoQopAnswer(strict.CreateChallenge()) });
        Assert.Equal(AuthStatus.Failed, refused.Status);
        Assert.Equal(AuthFailure.QopRequired, refused.Failure);

        // ...and with Auth:RequireQop=false accepted once: its nonce is spent, a replay is stale.
        var auth = Create(o => o.RequireQop = false);
        var header = NoQopAnswer(auth.CreateChallenge());
        Assert.True(auth.Verify("REGISTER", "sip:mcptt", new[] { header }).Ok);
        var replay = auth.Verify("REGISTER", "sip:mcptt", new[] { header });
        Assert.Equal(AuthStatus.Stale, replay.Status);
        Assert.Equal(AuthFailure.ReplayedNonce, replay.Failure);
    }

    private static string NoQopAnswer(string challenge)
    {
        var nonce = Param(challenge, "nonce");
        var response = DigestMath.Response(DigestMath.Ha1("bob", "mcptt", "secret"), nonce, null, null, null, DigestMath.Ha2("REGISTER", "sip:mcptt"));
        return $"Digest username=\"bob\", realm=\"mcptt\", nonce=\"{nonce}\", uri=\"sip:mcptt\", response=\"{response}\"";
    }

    [Fact]
    public void Ha1_configured_user_is_accepted()
    {
        var auth = Create(o => { o.Users.Clear(); o.UsersHa1["carol"] = DigestMath.Ha1("carol", "mcptt", "pw"); });
        var header = SippAuthorization(auth.CreateChallenge(), "carol", "pw", "REGISTER", "sip:mcptt");
        Assert.True(auth.Verify("REGISTER", "sip:mcptt", new[] { header }).Ok);
    }

    [Fact]
    public void Wrong_password_unknown_user_forged_nonce_and_uri_mismatch_fail()
    {
        var auth = Create();
        var challenge = auth.CreateChallenge();
        Assert.Equal(AuthStatus.Failed, auth.Verify("REGISTER", "sip:mcptt", new[] { SippAuthorization(challenge, "bob", "wrong", "REGISTER", "sip:mcptt") }).Status);
        Assert.Contains("unknown user", auth.Verify("REGISTER", "sip:mcptt", new[] { SippAuthorization(challenge, "mallory", "secret", "REGISTER", "sip:mcptt") }).Reason);
        var forged = challenge.Replace(Param(challenge, "nonce"), new string('A', 43));
        Assert.Contains("nonce", auth.Verify("REGISTER", "sip:mcptt", new[] { SippAuthorization(forged, "bob", "secret", "REGISTER", "sip:mcptt") }).Reason);
        Assert.Contains("uri", auth.Verify("REGISTER", "sip:other", new[] { SippAuthorization(challenge, "bob", "secret", "REGISTER", "sip:mcptt") }).Reason);
        var otherServer = new DigestAuthenticator(new AuthOptions { Realm = "mcptt", Users = { ["bob"] = "secret" } }, _clock);
        Assert.Equal(AuthStatus.Failed, otherServer.Verify("REGISTER", "sip:mcptt", new[] { SippAuthorization(challenge, "bob", "secret", "REGISTER", "sip:mcptt") }).Status);
    }

    [Fact]
    public void Method_is_part_of_the_response()
    {
        var auth = Create();
        var header = SippAuthorization(auth.CreateChallenge(), "bob", "secret", "REGISTER", "sip:mcptt");
        Assert.Equal(AuthStatus.Failed, auth.Verify("INVITE", "sip:mcptt", new[] { header }).Status);
    }

    [Fact]
    public void Expired_nonce_with_correct_password_is_stale()
    {
        var auth = Create(o => o.NonceLifetime = TimeSpan.FromSeconds(30));
        var header = SippAuthorization(auth.CreateChallenge(), "bob", "secret", "REGISTER", "sip:mcptt");
        _clock.Advance(TimeSpan.FromSeconds(31));
        var outcome = auth.Verify("REGISTER", "sip:mcptt", new[] { header });
        Assert.Equal(AuthStatus.Stale, outcome.Status);
    }

    [Fact]
    public void Replayed_nonce_count_is_stale_and_higher_count_is_accepted()
    {
        var auth = Create();
        var challenge = auth.CreateChallenge();
        var first = SippAuthorization(challenge, "bob", "secret", "REGISTER", "sip:mcptt");
        Assert.True(auth.Verify("REGISTER", "sip:mcptt", new[] { first }).Ok);
        Assert.Equal(AuthStatus.Stale, auth.Verify("REGISTER", "sip:mcptt", new[] { first }).Status);
        var second = SippAuthorization(challenge, "bob", "secret", "REGISTER", "sip:mcptt", nc: "00000002");
        Assert.True(auth.Verify("REGISTER", "sip:mcptt", new[] { second }).Ok);
    }

    [Fact]
    public void Credentials_for_another_realm_count_as_missing()
    {
        var auth = Create();
        var header = SippAuthorization(auth.CreateChallenge().Replace("realm=\"mcptt\"", "realm=\"elsewhere\""), "bob", "secret", "REGISTER", "sip:mcptt");
        Assert.Equal(AuthStatus.Missing, auth.Verify("REGISTER", "sip:mcptt", new[] { header }).Status);
        Assert.Equal(AuthStatus.Missing, auth.Verify("REGISTER", "sip:mcptt", Array.Empty<string>()).Status);
    }

    [Theory]
    [InlineData("Basic Ym9iOnNlY3JldA==", "Digest")]
    [InlineData("Digest realm=\"mcptt\", username=\"bob", "unterminated")]
    [InlineData("Digest username", "no value")]
    [InlineData("Digest realm=\"a\", realm=\"b\"", "repeated")]
    public void Malformed_headers_are_reported(string header, string reason)
    {
        Assert.False(DigestParameters.TryParse(header, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Quoted_pairs_are_unescaped()
    {
        Assert.True(DigestParameters.TryParse("Digest username=\"a\\\"b\", nc=00000001", out var p, out _));
        Assert.Equal("a\"b", p["username"]);
        Assert.Equal("00000001", p["nc"]);
    }

    [Fact]
    public void Options_validation_names_the_setting()
    {
        var options = new AuthOptions { Realm = "", NonceLifetime = TimeSpan.Zero, NonceSecret = "short" };
        options.Users["bad:user"] = "";
        options.UsersHa1["x"] = "nothex";
        var errors = options.Validate();
        Assert.Contains(errors, e => e.StartsWith("Auth:Realm"));
        Assert.Contains(errors, e => e.StartsWith("Auth:NonceLifetime"));
        Assert.Contains(errors, e => e.StartsWith("Auth:NonceSecret"));
        Assert.Contains(errors, e => e.Contains("bad:user"));
        Assert.Contains(errors, e => e.StartsWith("Auth:UsersHa1:x"));
        Assert.Contains("Auth:Users", new AuthOptions().Validate()[0]);
        Assert.Empty(new AuthOptions { Users = { ["bob"] = "secret" } }.Validate());
    }

    [Fact]
    public void Sipp_invite_answer_naming_the_host_without_the_user_is_accepted_another_user_is_not()
    {
        var auth = Create();
        var challenge = auth.CreateChallenge();
        // sipp 3.6's [authentication] on "INVITE sip:alice@127.0.0.1:5070" writes uri="sip:127.0.0.1:5070".
        var sipp = SippAuthorization(challenge, "bob", "secret", "INVITE", "sip:127.0.0.1:5070");
        Assert.True(auth.Verify("INVITE", "sip:alice@127.0.0.1:5070", new[] { sipp }).Ok);
        var other = SippAuthorization(challenge, "bob", "secret", "INVITE", "sip:carol@127.0.0.1:5070", nc: "00000002");
        Assert.Contains("uri", auth.Verify("INVITE", "sip:alice@127.0.0.1:5070", new[] { other }).Reason);
        var otherHost = SippAuthorization(challenge, "bob", "secret", "INVITE", "sip:127.0.0.2:5070", nc: "00000003");
        Assert.Contains("uri", auth.Verify("INVITE", "sip:alice@127.0.0.1:5070", new[] { otherHost }).Reason);
    }
}
