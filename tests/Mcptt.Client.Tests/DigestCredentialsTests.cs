using Mcptt.Client.Sip;

namespace Mcptt.Client.Tests;

public class DigestCredentialsTests
{
    // RFC 2617 §3.5 example.
    private const string Challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    [Fact]
    public void Rfc2617_example_vector_gives_the_published_response()
    {
        string response = DigestCredentials.ComputeResponse("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");
        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void Authorize_builds_a_header_with_the_rfc_response_nc_and_opaque()
    {
        DigestChallenge challenge = DigestChallenge.TryParse(Challenge)!;
        Assert.Equal("testrealm@host.com", challenge.Realm);
        Assert.Equal(["auth", "auth-int"], challenge.Qop);

        var credentials = new DigestCredentials("Mufasa", "Circle Of Life");
        string header = credentials.Authorize(challenge, "GET", "/dir/index.html", cnonce: "0a4f113b");

        Assert.StartsWith("Digest ", header, StringComparison.Ordinal);
        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", header, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", header, StringComparison.Ordinal);
        Assert.Contains("qop=auth,", header, StringComparison.Ordinal);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Nonce_count_increments_for_the_same_nonce_and_restarts_for_a_new_one()
    {
        var credentials = new DigestCredentials("alice", "secret");
        DigestChallenge first = DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"")!;
        DigestChallenge second = DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n2\", qop=\"auth\"")!;

        Assert.Contains("nc=00000001", credentials.Authorize(first, "REGISTER", "sip:r"), StringComparison.Ordinal);
        Assert.Contains("nc=00000002", credentials.Authorize(first, "REGISTER", "sip:r"), StringComparison.Ordinal);
        Assert.Contains("nc=00000001", credentials.Authorize(second, "REGISTER", "sip:r"), StringComparison.Ordinal);
    }

    [Fact]
    public void Challenge_without_qop_uses_the_rfc2069_form()
    {
        DigestChallenge challenge = DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"abc\"")!;
        string header = new DigestCredentials("u", "p").Authorize(challenge, "INVITE", "sip:g@r");
        string expected = DigestCredentials.ComputeResponse("u", "r", "p", "INVITE", "sip:g@r", "abc", null, null, null);
        Assert.Contains($"response=\"{expected}\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("qop", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Basic realm=\"r\"")]
    [InlineData("Digest nonce=\"x\"")]
    [InlineData("Digestrealm=\"r\", nonce=\"x\"")]
    public void Unusable_challenges_are_rejected(string header) => Assert.Null(DigestChallenge.TryParse(header));

    [Fact]
    public void Unsupported_algorithm_is_refused_with_a_clear_error()
    {
        DigestChallenge challenge = DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"x\", algorithm=SHA-256")!;
        var error = Assert.Throws<NotSupportedException>(() => new DigestCredentials("u", "p").Authorize(challenge, "REGISTER", "sip:r"));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }
}
