using System.Collections;
using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>One ";name[=value]" parameter. <see cref="Quoted"/> remembers a quoted-string value.</summary>
public sealed record SipParameter(string Name, string? Value, bool Quoted = false)
{
    public override string ToString() =>
        Value is null ? Name : Name + "=" + (Quoted ? SipGrammar.Quote(Value) : Value);
}

/// <summary>
/// Ordered, case-insensitive parameter list used for header parameters (tag, branch, expires, q, ...)
/// and URI parameters (transport, lr, user, ...).
/// </summary>
public sealed class SipParameters : IEnumerable<SipParameter>
{
    private readonly List<SipParameter> _items = new();

    public int Count => _items.Count;

    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>The value (unquoted) of the parameter; null when absent or valueless.</summary>
    public string? Get(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? null : _items[i].Value;
    }

    public SipParameter? Find(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? null : _items[i];
    }

    /// <summary>Replaces (keeping position) or appends.</summary>
    public void Set(string name, string? value, bool quoted = false)
    {
        int i = IndexOf(name);
        var p = new SipParameter(name, value, quoted);
        if (i < 0) _items.Add(p);
        else _items[i] = p;
    }

    public void Add(SipParameter parameter) => _items.Add(parameter);

    public bool Remove(string name)
    {
        int i = IndexOf(name);
        if (i < 0) return false;
        _items.RemoveAt(i);
        return true;
    }

    public SipParameters Clone()
    {
        var copy = new SipParameters();
        copy._items.AddRange(_items);
        return copy;
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _items.Count; i++)
            if (string.Equals(_items[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>";a=b;c" (empty string when there are none).</summary>
    public override string ToString()
    {
        if (_items.Count == 0) return string.Empty;
        var sb = new StringBuilder();
        foreach (var p in _items) sb.Append(';').Append(p.ToString());
        return sb.ToString();
    }

    public IEnumerator<SipParameter> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Parses header parameters: *( SEMI generic-param ) where SEMI and EQUAL allow LWS around them
    /// and a value is a token, a host (IPv6 allowed) or a quoted-string. The whole input must be consumed.
    /// </summary>
    public static bool TryParseHeaderParams(ReadOnlySpan<char> s, out SipParameters parameters)
    {
        parameters = new SipParameters();
        int i = 0;
        while (true)
        {
            i = SkipLws(s, i);
            if (i >= s.Length) return true;
            if (s[i] != ';') return false;
            i = SkipLws(s, i + 1);
            int nameStart = i;
            while (i < s.Length && SipGrammar.IsTokenChar(s[i])) i++;
            if (i == nameStart) return false;
            string name = s[nameStart..i].ToString();
            i = SkipLws(s, i);
            if (i < s.Length && s[i] == '=')
            {
                i = SkipLws(s, i + 1);
                if (i >= s.Length) return false;
                if (s[i] == '"')
                {
                    int end = SipGrammar.ReadQuoted(s, i, out string content);
                    if (end < 0) return false;
                    parameters.Add(new SipParameter(name, content, true));
                    i = end;
                }
                else
                {
                    int valueStart = i;
                    while (i < s.Length && IsValueChar(s[i])) i++;
                    if (i == valueStart) return false;
                    parameters.Add(new SipParameter(name, s[valueStart..i].ToString()));
                }
            }
            else
            {
                parameters.Add(new SipParameter(name, null));
            }
        }
    }

    private static bool IsValueChar(char c) => SipGrammar.IsTokenChar(c) || c is ':' or '[' or ']';

    private static int SkipLws(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && SipGrammar.IsWhitespace(s[i])) i++;
        return i;
    }
}
