using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Signaling.Auth;

/// <summary>
/// SIP digest authentication (RFC 2617 / RFC 7616 with MD5, qop=auth or no qop; RFC 3261 §22).
/// Builds challenges for 401 WWW-Authenticate / 407 Proxy-Authenticate and verifies the
/// Authorization / Proxy-Authorization answer. Thread-safe.
/// </summary>
public sealed class DigestAuthenticator
{
    public const int NonceCountCapacity = 16384;
    private readonly AuthOptions _options;
    private readonly NonceIssuer _nonces;
    private readonly NonceCountTracker _counts = new(NonceCountCapacity);
    private readonly Dictionary<string, string> _ha1 = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _opaque;

    public DigestAuthenticator(AuthOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _nonces = new NonceIssuer(options.Realm, options.NonceSecret, options.NonceLifetime, _time);
        foreach (var (user, password) in options.Users) _ha1[user] = DigestMath.Ha1(user, options.Realm, password);
        foreach (var (user, ha1) in options.UsersHa1) _ha1[user] = ha1.ToLowerInvariant();
        _opaque = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("opaque:" + options.Realm)).AsSpan(0, 8));
    }

    public bool Enabled => _options.Enabled;

    public string Realm => _options.Realm;

    /// <summary>True when <paramref name="user"/> is a configured user (auth on or off).</summary>
    public bool IsKnownUser(string user) => _ha1.ContainsKey(user);

    /// <summary>The users the registrar serves (for AOR lookup when auth is off, too).</summary>
    public IEnumerable<string> KnownUsers => _ha1.Keys;

    /// <summary>Value for WWW-Authenticate (401) or Proxy-Authenticate (407).</summary>
    public string CreateChallenge(bool stale = false)
    {
        var sb = new StringBuilder(160);
        sb.Append("Digest realm=\"").Append(_options.Realm)
          .Append("\", nonce=\"").Append(_nonces.Create())
          .Append("\", opaque=\"").Append(_opaque)
          .Append("\", algorithm=MD5, qop=\"auth\"");
        if (stale) sb.Append(", stale=true");
        return sb.ToString();
    }

    /// <summary>
    /// Verifies the credentials in <paramref name="authorizationHeaders"/> (all Authorization or
    /// Proxy-Authorization values of the request; the one for our realm is used).
    /// </summary>
    /// <param name="requestUri">The Request-URI as received; the digest uri must name the same resource.</param>
    public AuthOutcome Verify(string method, string requestUri, IReadOnlyList<string> authorizationHeaders)
    {
        if (!_options.Enabled) return AuthOutcome.Fail("auth disabled; nothing to verify");
        Dictionary<string, string>? chosen = null;
        string? parseError = null;
        foreach (var header in authorizationHeaders)
        {
            if (!DigestParameters.TryParse(header, out var parameters, out var error))
            {
                parseError ??= error;
                continue;
            }
            if (parameters.TryGetValue("realm", out var realm) && realm == _options.Realm)
            {
                chosen = parameters;
                break;
            }
        }
        if (chosen is null) return parseError is null ? AuthOutcome.Missing() : AuthOutcome.Fail(parseError);
        return VerifyParameters(method, requestUri, chosen);
    }

    private AuthOutcome VerifyParameters(string method, string requestUri, Dictionary<string, string> p)
    {
        if (!p.TryGetValue("username", out var user) || !p.TryGetValue("nonce", out var nonce)
            || !p.TryGetValue("uri", out var uri) || !p.TryGetValue("response", out var response))
            return AuthOutcome.Fail("username, nonce, uri and response are required");
        if (p.TryGetValue("algorithm", out var algorithm) && !algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase))
            return AuthOutcome.Fail($"algorithm {algorithm} not supported");
        if (p.TryGetValue("opaque", out var opaque) && opaque != _opaque)
            return AuthOutcome.Fail("opaque does not match");
        if (!UriMatches(uri, requestUri)) return AuthOutcome.Fail("digest uri does not match the Request-URI");
        p.TryGetValue("qop", out var qop);
        p.TryGetValue("nc", out var ncText);
        p.TryGetValue("cnonce", out var cnonce);
        uint nc = 0;
        if (qop is not null)
        {
            if (qop != "auth") return AuthOutcome.Fail($"qop {qop} not supported");
            if (ncText is not { Length: 8 } || !uint.TryParse(ncText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out nc) || nc == 0)
                return AuthOutcome.Fail("nc must be 8 hex digits, not 0");
            if (string.IsNullOrEmpty(cnonce)) return AuthOutcome.Fail("cnonce is required with qop=auth");
        }
        var status = _nonces.Check(nonce, out long issuedAtMs);
        if (status == NonceStatus.Invalid) return AuthOutcome.Fail("nonce not issued by us");
        if (!_ha1.TryGetValue(user, out var ha1)) return AuthOutcome.Fail("unknown user");
        var expected = DigestMath.Response(ha1, nonce, ncText, cnonce, qop, DigestMath.Ha2(method, uri));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
            return AuthOutcome.Fail("wrong response (password)");
        if (status == NonceStatus.Stale) return AuthOutcome.Stale("nonce expired");
        if (qop is not null)
        {
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (!_counts.TryAdvance(nonce, issuedAtMs, nc, now, (long)_options.NonceLifetime.TotalMilliseconds))
                return AuthOutcome.Stale("nonce count reused");
        }
        return AuthOutcome.Success(user);
    }

    /// <summary>
    /// Same resource, tolerating what clients vary: case of scheme/host and a missing default port are
    /// not compared strictly, but a different user, host or port is rejected.
    /// </summary>
    private static bool UriMatches(string digestUri, string requestUri)
    {
        if (string.Equals(digestUri, requestUri, StringComparison.OrdinalIgnoreCase)) return true;
        static string Strip(string uri)
        {
            int semicolon = uri.IndexOf(';');
            var core = semicolon < 0 ? uri : uri[..semicolon];
            return core.EndsWith(":5060", StringComparison.Ordinal) ? core[..^5] : core;
        }
        return string.Equals(Strip(digestUri), Strip(requestUri), StringComparison.OrdinalIgnoreCase);
    }
}
