using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Signaling.Auth;

/// <summary>RFC 2617 §3.2.2 response computation with MD5 (the algorithm SIP clients implement).</summary>
public static class DigestMath
{
    public static string Ha1(string user, string realm, string password) => Md5Hex($"{user}:{realm}:{password}");

    public static string Ha2(string method, string uri) => Md5Hex($"{method}:{uri}");

    /// <summary>qop=auth: MD5(HA1:nonce:nc:cnonce:qop:HA2); no qop (RFC 2069): MD5(HA1:nonce:HA2).</summary>
    public static string Response(string ha1, string nonce, string? nc, string? cnonce, string? qop, string ha2)
        => qop is null ? Md5Hex($"{ha1}:{nonce}:{ha2}") : Md5Hex($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");

    public static string Md5Hex(string text)
    {
#pragma warning disable CA5351 // MD5 is what RFC 2617/3261 digest interop requires, not our choice of hash.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }
}
