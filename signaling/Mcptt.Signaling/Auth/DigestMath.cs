namespace Mcptt.Signaling.Auth;

/// <summary>RFC 2617 §3.2.2 response computation with MD5 (the algorithm SIP clients implement); see <see cref="DigestAlgorithm"/>.</summary>
public static class DigestMath
{
    public static string Ha1(string user, string realm, string password) => DigestAlgorithm.Md5.Ha1(user, realm, password);

    public static string Ha2(string method, string uri) => DigestAlgorithm.Md5.Ha2(method, uri);

    /// <summary>qop=auth: MD5(HA1:nonce:nc:cnonce:qop:HA2); no qop (RFC 2069): MD5(HA1:nonce:HA2).</summary>
    public static string Response(string ha1, string nonce, string? nc, string? cnonce, string? qop, string ha2)
        => DigestAlgorithm.Md5.Response(ha1, nonce, nc, cnonce, qop, ha2);

    public static string Md5Hex(string text) => DigestAlgorithm.Md5.Hash(text);
}
