using System.Text.RegularExpressions;
using Mcptt.Signaling.Auth;

namespace Mcptt.Signaling.Tests.Auth;

/// <summary>Builds digest answers to a challenge header, as sipp and baresip write them.</summary>
internal static class DigestAnswers
{
    public static string Param(string challenge, string name) => Regex.Match(challenge, name + "=\"?([^\",]*)\"?").Groups[1].Value;

    /// <summary>The Authorization / Proxy-Authorization value (qop=auth with <paramref name="nc"/>).</summary>
    public static string Answer(string challenge, string user, string password, string method, string uri, int nc = 1)
    {
        var nonce = Param(challenge, "nonce");
        var realm = Param(challenge, "realm");
        string count = nc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var response = DigestMath.Response(DigestMath.Ha1(user, realm, password), nonce, count, "0a4f113b", "auth", DigestMath.Ha2(method, uri));
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", " +
               $"algorithm=MD5, qop=auth, nc={count}, cnonce=\"0a4f113b\", opaque=\"{Param(challenge, "opaque")}\"";
    }
}
