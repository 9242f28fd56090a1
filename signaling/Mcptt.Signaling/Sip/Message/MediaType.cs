using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>media-type (Content-Type, one Accept element): type "/" subtype *(SEMI m-parameter).</summary>
public sealed class MediaType
{
    public static readonly MediaType ApplicationSdp = new("application", "sdp");

    public MediaType(string type, string subType)
    {
        Type = type;
        SubType = subType;
    }

    public string Type { get; }
    public string SubType { get; }
    public SipParameters Parameters { get; private init; } = new();

    /// <summary>"type/subtype" in lower case.</summary>
    public string Essence => (Type + "/" + SubType).ToLowerInvariant();

    public bool Is(string type, string subType) =>
        Type.Equals(type, StringComparison.OrdinalIgnoreCase) && SubType.Equals(subType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Accept-style match honouring "*/*" and "type/*".</summary>
    public bool Accepts(string type, string subType) =>
        (Type == "*" || Type.Equals(type, StringComparison.OrdinalIgnoreCase))
        && (SubType == "*" || SubType.Equals(subType, StringComparison.OrdinalIgnoreCase));

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Type).Append('/').Append(SubType).Append(Parameters.ToString());
        return sb.ToString();
    }

    public static bool TryParse(string text, out MediaType mediaType)
    {
        mediaType = null!;
        var s = SipGrammar.TrimLws(text.AsSpan());
        int slash = s.IndexOf('/');
        if (slash <= 0) return false;
        var type = SipGrammar.TrimLws(s[..slash]);
        var rest = s[(slash + 1)..];
        int i = 0;
        while (i < rest.Length && SipGrammar.IsWhitespace(rest[i])) i++;
        int start = i;
        while (i < rest.Length && SipGrammar.IsTokenChar(rest[i])) i++;
        var sub = rest[start..i];
        if (!SipGrammar.IsToken(type) || !SipGrammar.IsToken(sub)) return false;
        if (!SipParameters.TryParseHeaderParams(rest[i..], out var parameters)) return false;
        mediaType = new MediaType(type.ToString(), sub.ToString()) { Parameters = parameters };
        return true;
    }
}
