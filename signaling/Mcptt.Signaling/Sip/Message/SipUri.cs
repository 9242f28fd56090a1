using System.Globalization;
using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// sip: / sips: URI (RFC 3261 §19.1). User, password, parameter names/values and headers are stored
/// %-decoded; <see cref="ToString"/> re-escapes what the grammar requires.
/// </summary>
public sealed class SipUri : AddressUri
{
    public SipUri(string host, string? user = null, int? port = null, bool secure = false)
    {
        Host = host;
        User = user;
        Port = port;
        IsSecure = secure;
    }

    public override string Scheme => IsSecure ? "sips" : "sip";

    public bool IsSecure { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>Host name, IPv4 literal or bracketed IPv6 reference ("[2001:db8::1]").</summary>
    public string Host { get; set; }

    public int? Port { get; set; }
    public SipParameters Parameters { get; private init; } = new();
    public List<KeyValuePair<string, string>> Headers { get; private init; } = new();

    public string? Transport => Parameters.Get("transport");
    public bool LooseRouting => Parameters.Has("lr");
    public string? Maddr => Parameters.Get("maddr");

    /// <summary>"host[:port]" as written in a URI.</summary>
    public string HostPort => Port is int p ? Host + ":" + p.ToString(CultureInfo.InvariantCulture) : Host;

    public SipUri Clone() => new(Host, User, Port, IsSecure)
    {
        Password = Password,
        Parameters = Parameters.Clone(),
        Headers = new List<KeyValuePair<string, string>>(Headers),
    };

    /// <summary>
    /// RFC 3261 §19.1.4 comparison: scheme, user and password case-sensitive; host case-insensitive;
    /// a missing port differs from an explicit 5060; user/ttl/method/maddr/transport must agree when
    /// either side has them, other parameters only when both do; headers must all agree.
    /// </summary>
    public bool EquivalentTo(SipUri other)
    {
        if (IsSecure != other.IsSecure || !string.Equals(User, other.User, StringComparison.Ordinal)
            || !string.Equals(Password, other.Password, StringComparison.Ordinal)
            || !string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) || Port != other.Port)
            return false;
        foreach (var name in new[] { "user", "ttl", "method", "maddr", "transport" })
            if (!string.Equals(Parameters.Get(name), other.Parameters.Get(name), StringComparison.OrdinalIgnoreCase)
                || Parameters.Has(name) != other.Parameters.Has(name))
                return false;
        foreach (var p in Parameters)
        {
            var theirs = other.Parameters.Find(p.Name);
            if (theirs is not null && !string.Equals(p.Value, theirs.Value, StringComparison.OrdinalIgnoreCase)) return false;
        }
        if (Headers.Count != other.Headers.Count) return false;
        foreach (var h in Headers)
        {
            bool found = false;
            foreach (var o in other.Headers)
                if (string.Equals(h.Key, o.Key, StringComparison.OrdinalIgnoreCase) && string.Equals(h.Value, o.Value, StringComparison.Ordinal))
                    found = true;
            if (!found) return false;
        }
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(Scheme).Append(':');
        if (User is not null)
        {
            sb.Append(UriEscaping.Encode(User, UriEscaping.IsUserChar));
            if (Password is not null) sb.Append(':').Append(UriEscaping.Encode(Password, UriEscaping.IsPasswordChar));
            sb.Append('@');
        }
        sb.Append(HostPort);
        foreach (var p in Parameters)
        {
            sb.Append(';').Append(UriEscaping.Encode(p.Name, UriEscaping.IsParamChar));
            if (p.Value is not null) sb.Append('=').Append(UriEscaping.Encode(p.Value, UriEscaping.IsParamChar));
        }
        for (int i = 0; i < Headers.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&')
              .Append(UriEscaping.Encode(Headers[i].Key, UriEscaping.IsHeaderChar)).Append('=')
              .Append(UriEscaping.Encode(Headers[i].Value, UriEscaping.IsHeaderChar));
        }
        return sb.ToString();
    }

    public static new SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"invalid SIP URI '{text}'");

    public static bool TryParse(string text, out SipUri uri)
    {
        uri = null!;
        int colon = text.IndexOf(':');
        if (colon <= 0) return false;
        bool secure;
        var scheme = text.AsSpan(0, colon);
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase)) secure = false;
        else if (scheme.Equals("sips", StringComparison.OrdinalIgnoreCase)) secure = true;
        else return false;

        var rest = text.AsSpan(colon + 1);
        string? user = null, password = null;
        // '@' cannot appear unescaped anywhere but between userinfo and host, while userinfo may hold ';' '?' ':'.
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userinfo = rest[..at];
            int pw = userinfo.IndexOf(':');
            var userPart = pw < 0 ? userinfo : userinfo[..pw];
            if (userPart.IsEmpty || !UriEscaping.IsValidEscaped(userPart, UriEscaping.IsUserChar)) return false;
            if (!UriEscaping.TryDecode(userPart, out user)) return false;
            if (pw >= 0)
            {
                var pwPart = userinfo[(pw + 1)..];
                if (!UriEscaping.IsValidEscaped(pwPart, UriEscaping.IsPasswordChar)) return false;
                if (!UriEscaping.TryDecode(pwPart, out password)) return false;
            }
            rest = rest[(at + 1)..];
        }

        int hostEnd = rest.IndexOfAny(';', '?');
        var hostport = hostEnd < 0 ? rest : rest[..hostEnd];
        if (!TryParseHostPort(hostport, out string host, out int? port)) return false;
        var result = new SipUri(host, user, port, secure) { Password = password };
        rest = hostEnd < 0 ? ReadOnlySpan<char>.Empty : rest[hostEnd..];

        int q = rest.IndexOf('?');
        var paramPart = q < 0 ? rest : rest[..q];
        if (!TryParseUriParams(paramPart, result.Parameters)) return false;
        if (q >= 0 && !TryParseUriHeaders(rest[(q + 1)..], result.Headers)) return false;
        uri = result;
        return true;
    }

    /// <summary>host [":" port] where host is a hostname, IPv4 address or "[" IPv6 "]".</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> s, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        if (s.IsEmpty) return false;
        ReadOnlySpan<char> portPart = default;
        bool hasPort = false;
        if (s[0] == '[')
        {
            int close = s.IndexOf(']');
            if (close < 0) return false;
            var inner = s[1..close];
            if (inner.IsEmpty) return false;
            foreach (char c in inner)
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.')) return false;
            host = s[..(close + 1)].ToString();
            var after = s[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':') return false;
                portPart = after[1..];
                hasPort = true;
            }
        }
        else
        {
            int c = s.IndexOf(':');
            var h = c < 0 ? s : s[..c];
            if (!IsHostname(h)) return false;
            host = h.ToString();
            if (c >= 0)
            {
                portPart = s[(c + 1)..];
                hasPort = true;
            }
        }
        if (hasPort)
        {
            if (!SipGrammar.TryParseBounded(portPart, 65535, out long p)) return false;
            port = (int)p;
        }
        return true;
    }

    private static bool IsHostname(ReadOnlySpan<char> h)
    {
        if (h.IsEmpty || h[0] == '.' || h[0] == '-') return false;
        foreach (char c in h)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')) return false;
        return true;
    }

    private static bool TryParseUriParams(ReadOnlySpan<char> s, SipParameters into)
    {
        while (!s.IsEmpty)
        {
            if (s[0] != ';') return false;
            s = s[1..];
            int end = s.IndexOf(';');
            var item = end < 0 ? s : s[..end];
            s = end < 0 ? ReadOnlySpan<char>.Empty : s[end..];
            int eq = item.IndexOf('=');
            var name = eq < 0 ? item : item[..eq];
            if (name.IsEmpty || !UriEscaping.IsValidEscaped(name, UriEscaping.IsParamChar)) return false;
            if (!UriEscaping.TryDecode(name, out string decodedName)) return false;
            string? value = null;
            if (eq >= 0)
            {
                var v = item[(eq + 1)..];
                if (v.IsEmpty || !UriEscaping.IsValidEscaped(v, UriEscaping.IsParamChar)) return false;
                if (!UriEscaping.TryDecode(v, out string decodedValue)) return false;
                value = decodedValue;
            }
            into.Add(new SipParameter(decodedName, value));
        }
        return true;
    }

    private static bool TryParseUriHeaders(ReadOnlySpan<char> s, List<KeyValuePair<string, string>> into)
    {
        if (s.IsEmpty) return false;
        foreach (var range in s.Split('&'))
        {
            var item = s[range];
            int eq = item.IndexOf('=');
            if (eq <= 0) return false;
            var name = item[..eq];
            var value = item[(eq + 1)..];
            if (!UriEscaping.IsValidEscaped(name, UriEscaping.IsHeaderChar)) return false;
            if (!UriEscaping.IsValidEscaped(value, UriEscaping.IsHeaderChar)) return false;
            if (!UriEscaping.TryDecode(name, out string n) || !UriEscaping.TryDecode(value, out string v)) return false;
            into.Add(new KeyValuePair<string, string>(n, v));
        }
        return true;
    }
}
