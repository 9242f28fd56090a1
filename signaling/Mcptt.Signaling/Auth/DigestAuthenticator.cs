using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Mcptt.Signaling.Auth;

/// <summary>
/// SIP digest authentication (RFC 7616 / RFC 3261 §22, qop=auth; the hash is <see cref="AuthOptions.Algorithm"/>).
/// Builds challenges for 401 WWW-Authenticate / 407 Proxy-Authenticate and verifies the Authorization /
/// Proxy-Authorization answer: the nonce must be ours, for this realm, fresh and issued to the answering address;
/// qop is required once offered (unless <see cref="AuthOptions.RequireQop"/> is off: then the nonce is single-use);
/// every accepted nonce's count is tracked so no answer is accepted twice. Thread-safe.
/// </summary>
public sealed class DigestAuthenticator
{
    private readonly AuthOptions _options;
    private readonly DigestAlgorithm _algorithm;
    private readonly NonceIssuer _nonces;
    private readonly NonceCountTracker _counts;
    private readonly Dictionary<string, string> _ha1 = new(StringComparer.Ordinal);
    private readonly string _decoyHa1;
    private readonly string _opaque;

    public DigestAuthenticator(AuthOptions options, TimeProvider? time = null)
    {
        _options = options;
        _algorithm = options.Algorithm;
        Time = time ?? TimeProvider.System;
        _nonces = new NonceIssuer(options.Realm, options.NonceSecret, options.NonceLifetime, Time);
        _counts = new NonceCountTracker(options.MaxTrackedNonces, options.NonceLifetime);
        foreach (var (user, password) in options.Users) _ha1[user] = _algorithm.Ha1(user, options.Realm, password);
        foreach (var (user, ha1) in options.UsersHa1) _ha1[user] = ha1.ToLowerInvariant();
        _decoyHa1 = _algorithm.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        _opaque = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("opaque:" + options.Realm)).AsSpan(0, 8));
    }

    public bool Enabled => _options.Enabled;

    public string Realm => _options.Realm;

    public AuthOptions Options => _options;

    public TimeProvider Time { get; }

    /// <summary>Nonces whose count is remembered now (a gauge).</summary>
    public int TrackedNonces => _counts.Count;

    /// <summary>True when <paramref name="user"/> is a configured user (auth on or off).</summary>
    public bool IsKnownUser(string user) => _ha1.ContainsKey(user);

    /// <summary>The users the registrar serves (for AOR lookup when auth is off, too).</summary>
    public IEnumerable<string> KnownUsers => _ha1.Keys;

    /// <summary>Value for WWW-Authenticate (401) or Proxy-Authenticate (407); the nonce is bound to <paramref name="source"/> when given.</summary>
    public string CreateChallenge(bool stale = false, IPAddress? source = null)
    {
        var sb = new StringBuilder(192);
        sb.Append("Digest realm=\"").Append(_options.Realm)
          .Append("\", nonce=\"").Append(_nonces.Create(source))
          .Append("\", opaque=\"").Append(_opaque)
          .Append("\", algorithm=").Append(_algorithm.Name).Append(", qop=\"auth\"");
        if (stale) sb.Append(", stale=true");
        return sb.ToString();
    }

    /// <summary>
    /// Verifies the credentials in <paramref name="authorizationHeaders"/> (all Authorization or
    /// Proxy-Authorization values of the request; the one for our realm is used).
    /// </summary>
    /// <param name="requestUri">The Request-URI as received; the digest uri must name the same resource.</param>
    /// <param name="source">The address the request came from (null: the nonce's address binding is not checked).</param>
    public AuthOutcome Verify(string method, string requestUri, IReadOnlyList<string> authorizationHeaders, IPAddress? source = null)
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
        return VerifyParameters(method, requestUri, chosen, source);
    }

    private AuthOutcome VerifyParameters(string method, string requestUri, Dictionary<string, string> p, IPAddress? source)
    {
        if (!p.TryGetValue("username", out var user) || !p.TryGetValue("nonce", out var nonce)
            || !p.TryGetValue("uri", out var uri) || !p.TryGetValue("response", out var response))
            return AuthOutcome.Fail("username, nonce, uri and response are required");
        if (p.TryGetValue("algorithm", out var algorithm) && !_algorithm.Matches(algorithm))
            return AuthOutcome.Fail($"algorithm {algorithm} not supported");
        if (p.TryGetValue("opaque", out var opaque) && opaque != _opaque)
            return AuthOutcome.Fail("opaque does not match");
        if (!UriMatches(uri, requestUri)) return AuthOutcome.Fail("digest uri does not match the Request-URI");
        if (!TryReadQop(p, out var qop, out var ncText, out var cnonce, out uint nc, out var qopError)) return qopError;

        var status = _nonces.Check(nonce, source, out var info);
        if (status == NonceStatus.Invalid) return AuthOutcome.Fail("nonce not issued by us", AuthFailure.ForgedNonce);
        bool known = _ha1.TryGetValue(user, out var ha1);
        // An unknown user costs the same hashing as a known one: the answer time tells nothing about which names exist.
        var expected = _algorithm.Response(known ? ha1! : _decoyHa1, nonce, ncText, cnonce, qop, _algorithm.Ha2(method, uri));
        bool match = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant()));
        if (!known) return AuthOutcome.Fail("unknown user", AuthFailure.UnknownUser);
        if (!match) return AuthOutcome.Fail("wrong response (password)", AuthFailure.WrongPassword);
        if (status == NonceStatus.Stale) return AuthOutcome.Stale("nonce expired");
        if (status == NonceStatus.OtherSource) return AuthOutcome.Stale("nonce issued to another address", AuthFailure.OtherSource);
        return _counts.TryUse(info, qop is null ? 0 : nc, Time.GetUtcNow().ToUnixTimeMilliseconds()) switch
        {
            NonceUse.Replayed => AuthOutcome.Stale(qop is null ? "nonce without qop already used" : "nonce count reused", AuthFailure.ReplayedNonce),
            NonceUse.Forgotten => AuthOutcome.Stale("nonce no longer tracked"),
            _ => AuthOutcome.Success(user),
        };
    }

    /// <summary>qop=auth with an 8-hex-digit nc above 0 and a cnonce; or no qop at all, which is refused while RequireQop is on.</summary>
    private bool TryReadQop(Dictionary<string, string> p, out string? qop, out string? ncText, out string? cnonce, out uint nc, out AuthOutcome error)
    {
        p.TryGetValue("qop", out qop);
        p.TryGetValue("nc", out ncText);
        p.TryGetValue("cnonce", out cnonce);
        nc = 0;
        error = default;
        if (qop is null)
        {
            if (!_options.RequireQop) return true;
            error = AuthOutcome.Fail("qop=auth was offered; an answer without qop is refused", AuthFailure.QopRequired);
            return false;
        }
        if (qop != "auth") error = AuthOutcome.Fail($"qop {qop} not supported");
        else if (ncText is not { Length: 8 } || !uint.TryParse(ncText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out nc) || nc == 0)
            error = AuthOutcome.Fail("nc must be 8 hex digits, not 0");
        else if (string.IsNullOrEmpty(cnonce)) error = AuthOutcome.Fail("cnonce is required with qop=auth");
        else return true;
        return false;
    }

    /// <summary>
    /// Same resource, tolerating what clients vary: case of scheme/host and a missing default port are
    /// not compared strictly, and the user part may be left out (sipp's [authentication] answers an INVITE to
    /// sip:bob@host with uri="sip:host"); but a different user, host or port is rejected.
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
        static string WithoutUser(string uri)
        {
            int colon = uri.IndexOf(':'), at = uri.IndexOf('@');
            return colon >= 0 && at > colon ? uri[..(colon + 1)] + uri[(at + 1)..] : uri;
        }
        string digest = Strip(digestUri), request = Strip(requestUri);
        if (string.Equals(digest, request, StringComparison.OrdinalIgnoreCase)) return true;
        return !digest.Contains('@') && string.Equals(digest, WithoutUser(request), StringComparison.OrdinalIgnoreCase);
    }
}
