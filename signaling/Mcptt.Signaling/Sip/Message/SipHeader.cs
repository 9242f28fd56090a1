namespace Mcptt.Signaling.Sip;

/// <summary>One header field line (after unfolding) as received or as built: name as written and raw value.</summary>
public sealed class SipHeader
{
    public SipHeader(string name, string value)
    {
        Name = name;
        CanonicalName = SipHeaderNames.Canonicalize(name);
        Value = value;
    }

    /// <summary>The name as written on the wire (e.g. "v", "ViA").</summary>
    public string Name { get; }

    /// <summary>The full canonical name ("Via"); unknown names unchanged.</summary>
    public string CanonicalName { get; }

    /// <summary>The raw value, unfolded (CRLF + WSP turned into one SP), outer whitespace trimmed.</summary>
    public string Value { get; }

    public bool Is(string name) =>
        string.Equals(CanonicalName, SipHeaderNames.Canonicalize(name), StringComparison.OrdinalIgnoreCase);

    public override string ToString() => CanonicalName + ": " + Value;
}
