using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// Credentials or challenge (Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate):
/// scheme LWS auth-param *(COMMA auth-param). Values keep whether they were quoted so that a challenge
/// or credentials can be re-emitted exactly as RFC 2617/3261 expects (qop/algorithm/nc unquoted).
/// </summary>
public sealed class AuthHeader
{
    public AuthHeader(string scheme) => Scheme = scheme;

    public string Scheme { get; }
    public List<SipParameter> Parameters { get; } = new();

    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    public string? this[string name]
    {
        get
        {
            foreach (var p in Parameters)
                if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return p.Value;
            return null;
        }
    }

    public string? Realm => this["realm"];
    public string? Nonce => this["nonce"];
    public string? Username => this["username"];
    public string? Uri => this["uri"];
    public string? Response => this["response"];
    public string? Algorithm => this["algorithm"];
    public string? Qop => this["qop"];
    public string? Opaque => this["opaque"];
    public string? CNonce => this["cnonce"];
    public string? NonceCount => this["nc"];
    public string? Stale => this["stale"];

    /// <summary>Appends a parameter; <paramref name="quoted"/> selects quoted-string vs token form.</summary>
    public AuthHeader Add(string name, string value, bool quoted = true)
    {
        Parameters.Add(new SipParameter(name, value, quoted));
        return this;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Scheme);
        for (int i = 0; i < Parameters.Count; i++)
        {
            sb.Append(i == 0 ? " " : ", ").Append(Parameters[i].ToString());
        }
        return sb.ToString();
    }

    public static bool TryParse(string text, out AuthHeader header)
    {
        header = null!;
        var s = SipGrammar.TrimLws(text.AsSpan());
        int i = 0;
        while (i < s.Length && SipGrammar.IsTokenChar(s[i])) i++;
        if (i == 0) return false;
        var result = new AuthHeader(s[..i].ToString());
        while (true)
        {
            while (i < s.Length && (SipGrammar.IsWhitespace(s[i]) || s[i] == ',')) i++;
            if (i >= s.Length) break;
            int nameStart = i;
            while (i < s.Length && SipGrammar.IsTokenChar(s[i])) i++;
            if (i == nameStart) return false;
            string name = s[nameStart..i].ToString();
            while (i < s.Length && SipGrammar.IsWhitespace(s[i])) i++;
            if (i >= s.Length || s[i] != '=')
            {
                // token68-style credentials or a bare token: keep it as a valueless parameter.
                result.Parameters.Add(new SipParameter(name, null));
                continue;
            }
            i++;
            while (i < s.Length && SipGrammar.IsWhitespace(s[i])) i++;
            if (i < s.Length && s[i] == '"')
            {
                int end = SipGrammar.ReadQuoted(s, i, out string content);
                if (end < 0) return false;
                result.Parameters.Add(new SipParameter(name, content, true));
                i = end;
            }
            else
            {
                int vs = i;
                while (i < s.Length && s[i] != ',' && !SipGrammar.IsWhitespace(s[i])) i++;
                result.Parameters.Add(new SipParameter(name, s[vs..i].ToString()));
            }
        }
        header = result;
        return true;
    }
}
