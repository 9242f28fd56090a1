namespace Mcptt.Client.Sip;

/// <summary>
/// The parameters of a WWW-Authenticate / Proxy-Authenticate "Digest" challenge (RFC 2617 §3.2.1).
/// </summary>
public sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, string Algorithm, IReadOnlyList<string> Qop, bool Stale)
{
    private const int MaxHeaderLength = 4096;

    /// <summary>Parses a header value such as <c>Digest realm="x", nonce="y", qop="auth"</c>; null when it is not a usable digest challenge.</summary>
    public static DigestChallenge? TryParse(string? headerValue)
    {
        if (string.IsNullOrWhiteSpace(headerValue) || headerValue.Length > MaxHeaderLength)
        {
            return null;
        }

        string text = headerValue.Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || (text.Length > 6 && !char.IsWhiteSpace(text[6])))
        {
            return null;
        }

        Dictionary<string, string> parameters = AuthParameterList.Parse(text.AsSpan(6));
        if (!parameters.TryGetValue("realm", out string? realm) || !parameters.TryGetValue("nonce", out string? nonce))
        {
            return null;
        }

        string algorithm = parameters.GetValueOrDefault("algorithm", "MD5");
        string[] qop = parameters.TryGetValue("qop", out string? q)
            ? q.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        bool stale = string.Equals(parameters.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase);
        return new DigestChallenge(realm, nonce, parameters.GetValueOrDefault("opaque"), algorithm, qop, stale);
    }
}
