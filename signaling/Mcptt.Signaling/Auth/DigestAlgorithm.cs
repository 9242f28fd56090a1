using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Signaling.Auth;

/// <summary>
/// A digest hash (RFC 7616 §3.2 "algorithm"): its name on the wire and its hash as lower-case hex. The authenticator
/// takes one as a parameter, so SHA-256 (RFC 8760) is one more instance, not a rewrite.
/// </summary>
public sealed class DigestAlgorithm
{
    /// <summary>MD5: what every SIP client implements (RFC 3261 §22.4).</summary>
    public static readonly DigestAlgorithm Md5 = new("MD5", Md5Hex);

    private readonly Func<string, string> _hashHex;

    public DigestAlgorithm(string name, Func<string, string> hashHex)
    {
        Name = name;
        _hashHex = hashHex;
    }

    /// <summary>The token in challenges and answers ("MD5").</summary>
    public string Name { get; }

    /// <summary>Lower-case hex of the hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public string Hash(string text) => _hashHex(text);

    public string Ha1(string user, string realm, string password) => Hash($"{user}:{realm}:{password}");

    public string Ha2(string method, string uri) => Hash($"{method}:{uri}");

    /// <summary>qop=auth: H(HA1:nonce:nc:cnonce:qop:HA2); no qop (RFC 2069): H(HA1:nonce:HA2).</summary>
    public string Response(string ha1, string nonce, string? nc, string? cnonce, string? qop, string ha2)
        => qop is null ? Hash($"{ha1}:{nonce}:{ha2}") : Hash($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");

    /// <summary>True when <paramref name="token"/> (an answer's algorithm parameter) names this algorithm.</summary>
    public bool Matches(string token) => token.Equals(Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Hex characters of one hash (an HA1 configured instead of a password has exactly this many).</summary>
    public int HexLength => Hash("").Length;

    private static string Md5Hex(string text)
    {
#pragma warning disable CA5351 // MD5 is what RFC 2617/3261 digest interop requires, not our choice of hash.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }
}
