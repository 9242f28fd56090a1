using System.Globalization;
using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// name-addr / addr-spec with header parameters: the value of From, To, Contact, Route, Record-Route
/// (one list element). Always serialized in the bracketed form.
/// </summary>
public sealed class NameAddr
{
    public NameAddr(AddressUri uri, string? displayName = null)
    {
        Uri = uri;
        DisplayName = displayName;
    }

    /// <summary>Display name without quotes/escapes; null when absent.</summary>
    public string? DisplayName { get; set; }

    public AddressUri Uri { get; set; }

    /// <summary>Header parameters after the URI (tag, expires, q, ...).</summary>
    public SipParameters Parameters { get; private init; } = new();

    public string? Tag
    {
        get => Parameters.Get("tag");
        set { if (value is null) Parameters.Remove("tag"); else Parameters.Set("tag", value); }
    }

    /// <summary>The expires parameter (Contact), clamped to uint range; null when absent or not numeric.</summary>
    public long? Expires =>
        Parameters.Get("expires") is { } e && SipGrammar.IsDigits(e)
            ? (SipGrammar.TryParseBounded(e, uint.MaxValue, out long v) ? v : uint.MaxValue)
            : null;

    /// <summary>The q parameter (Contact preference); null when absent or malformed.</summary>
    public double? Q =>
        Parameters.Get("q") is { } q && double.TryParse(q, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d)
            ? d : null;

    public SipUri? SipUri => Uri as SipUri;

    public NameAddr Clone() => new(Uri is SipUri s ? s.Clone() : Uri, DisplayName) { Parameters = Parameters.Clone() };

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            sb.Append(IsTokenList(DisplayName) ? DisplayName : SipGrammar.Quote(DisplayName)).Append(' ');
        }
        sb.Append('<').Append(Uri.ToString()).Append('>').Append(Parameters.ToString());
        return sb.ToString();
    }

    public static NameAddr Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"invalid name-addr '{text}'");

    /// <summary>Parses one element (already split from a list). Rejects anything RFC 3261 does not allow.</summary>
    public static bool TryParse(string text, out NameAddr result)
    {
        result = null!;
        var s = SipGrammar.TrimLws(text.AsSpan());
        if (s.IsEmpty) return false;
        string? display = null;
        AddressUri uri;
        ReadOnlySpan<char> rest;
        int lt;
        if (s[0] == '"')
        {
            int end = SipGrammar.ReadQuoted(s, 0, out string quoted);
            if (end < 0) return false;
            display = quoted;
            s = SipGrammar.TrimLws(s[end..]);
            if (s.IsEmpty || s[0] != '<') return false;
            lt = 0;
        }
        else
        {
            lt = s.IndexOf('<');
            if (lt > 0)
            {
                var name = SipGrammar.TrimLws(s[..lt]);
                if (!IsTokenList(name)) return false;
                display = name.ToString();
            }
        }

        if (lt >= 0)
        {
            int gt = s.IndexOf('>');
            if (gt < lt) return false;
            var inner = s[(lt + 1)..gt];
            if (inner.IsEmpty || inner.IndexOfAny(' ', '\t') >= 0) return false;
            if (!AddressUri.TryParse(inner.ToString(), out uri)) return false;
            rest = s[(gt + 1)..];
        }
        else
        {
            // addr-spec form: the URI ends at the first ';' or LWS; a URI with '?' or ',' would need brackets.
            int end = s.IndexOfAny(";, \t");
            var spec = end < 0 ? s : s[..end];
            if (spec.IndexOf('?') >= 0 || spec.IndexOf('"') >= 0) return false;
            if (!AddressUri.TryParse(spec.ToString(), out uri)) return false;
            rest = end < 0 ? ReadOnlySpan<char>.Empty : s[end..];
        }

        if (!SipParameters.TryParseHeaderParams(rest, out var parameters)) return false;
        result = new NameAddr(uri, display) { Parameters = parameters };
        return true;
    }

    /// <summary>Parses a list header value (Contact, Route, Record-Route) element by element.</summary>
    public static bool TryParseList(string value, List<NameAddr> into)
    {
        foreach (var part in HeaderValueSplitter.Split(value))
        {
            if (!TryParse(part, out var na)) return false;
            into.Add(na);
        }
        return true;
    }

    private static bool IsTokenList(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (!(SipGrammar.IsTokenChar(c) || SipGrammar.IsWhitespace(c))) return false;
        return true;
    }
}
