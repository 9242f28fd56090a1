using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Client.Sip;

/// <summary>
/// Client side of HTTP/SIP digest authentication (RFC 2617, MD5, qop=auth or no qop):
/// turns a challenge into the Authorization / Proxy-Authorization header value.
/// </summary>
public sealed class DigestCredentials(string username, string password)
{
    private uint _nonceCount;
    private string? _lastNonce;

    public string Username { get; } = username;

    /// <summary>Builds the header value answering <paramref name="challenge"/> for a request.</summary>
    /// <exception cref="NotSupportedException">The challenge asks for something other than MD5 with qop auth (or none).</exception>
    public string Authorize(DigestChallenge challenge, string method, string digestUri, string? cnonce = null)
    {
        if (!challenge.Algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"digest algorithm {challenge.Algorithm} is not supported (only MD5)");
        }

        bool useQop = false;
        foreach (string q in challenge.Qop)
        {
            useQop |= q.Equals("auth", StringComparison.OrdinalIgnoreCase);
        }

        if (challenge.Qop.Count > 0 && !useQop)
        {
            throw new NotSupportedException($"digest qop {string.Join(",", challenge.Qop)} is not supported (only auth)");
        }

        // The nonce count restarts for every new nonce (RFC 2617 §3.2.2).
        if (!string.Equals(_lastNonce, challenge.Nonce, StringComparison.Ordinal))
        {
            _lastNonce = challenge.Nonce;
            _nonceCount = 0;
        }

        _nonceCount++;
        string nc = _nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        cnonce ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string response = ComputeResponse(Username, challenge.Realm, password, method, digestUri, challenge.Nonce, useQop ? nc : null, useQop ? cnonce : null, useQop ? "auth" : null);

        var header = new StringBuilder(256);
        header.Append("Digest username=\"").Append(Username)
            .Append("\", realm=\"").Append(challenge.Realm)
            .Append("\", nonce=\"").Append(challenge.Nonce)
            .Append("\", uri=\"").Append(digestUri)
            .Append("\", response=\"").Append(response)
            .Append("\", algorithm=MD5");
        if (useQop)
        {
            header.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append('"');
        }

        if (challenge.Opaque is not null)
        {
            header.Append(", opaque=\"").Append(challenge.Opaque).Append('"');
        }

        return header.ToString();
    }

    /// <summary>
    /// RFC 2617 §3.2.2.1 request-digest. With qop: MD5(HA1:nonce:nc:cnonce:qop:HA2);
    /// without (RFC 2069 compatibility): MD5(HA1:nonce:HA2).
    /// </summary>
    public static string ComputeResponse(string username, string realm, string password, string method, string digestUri, string nonce, string? nc, string? cnonce, string? qop)
    {
        string ha1 = Md5Hex($"{username}:{realm}:{password}");
        string ha2 = Md5Hex($"{method}:{digestUri}");
        return qop is null
            ? Md5Hex($"{ha1}:{nonce}:{ha2}")
            : Md5Hex($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    private static string Md5Hex(string text)
    {
        // MD5 is what RFC 2617 digest mandates; it is an interoperability requirement, not a choice.
#pragma warning disable CA5351
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }
}
