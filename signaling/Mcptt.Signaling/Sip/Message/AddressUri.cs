namespace Mcptt.Signaling.Sip;

/// <summary>A URI in a Request-URI or name-addr: a parsed <see cref="SipUri"/> or an opaque <see cref="AbsoluteUri"/>.</summary>
public abstract class AddressUri
{
    /// <summary>Lower-case scheme ("sip", "sips", "tel", ...).</summary>
    public abstract string Scheme { get; }

    public bool IsSip => this is SipUri;

    /// <summary>Parses sip:/sips: strictly; any other well-formed scheme is kept opaque.</summary>
    public static bool TryParse(string text, out AddressUri uri)
    {
        uri = null!;
        int colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var scheme = text.AsSpan(0, colon);
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            if (!SipUri.TryParse(text, out var sip)) return false;
            uri = sip;
            return true;
        }
        if (!AbsoluteUri.TryParse(text, out var abs)) return false;
        uri = abs;
        return true;
    }

    public static AddressUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"invalid URI '{text}'");
}

/// <summary>A URI of a scheme we do not interpret (tel, http, isbn, ...), kept verbatim.</summary>
public sealed class AbsoluteUri : AddressUri
{
    private AbsoluteUri(string scheme, string value)
    {
        Scheme = scheme;
        Value = value;
    }

    public override string Scheme { get; }

    /// <summary>The whole URI as received.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>scheme ":" 1*(non-space, non-&lt;&gt;) — enough to keep it opaque and re-emit it safely.</summary>
    public static bool TryParse(string text, out AbsoluteUri uri)
    {
        uri = null!;
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        if (!char.IsAsciiLetter(text[0])) return false;
        for (int i = 1; i < colon; i++)
        {
            char c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        }
        for (int i = colon + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c <= ' ' || c >= 0x7F || c is '<' or '>' or '"') return false;
        }
        uri = new AbsoluteUri(text[..colon].ToLowerInvariant(), text);
        return true;
    }
}
