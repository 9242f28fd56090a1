using System.Globalization;
using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// Common part of requests and responses: ordered raw headers, body bytes and typed accessors.
/// Typed accessors parse on each call (control plane) and return null/empty when a header is absent
/// or unparseable; messages from <see cref="SipParser"/> have already had these headers validated.
/// </summary>
public abstract class SipMessage
{
    public const string Version20 = "SIP/2.0";

    public string Version { get; set; } = Version20;
    public SipHeaderCollection Headers { get; } = new();

    /// <summary>Message body; the serializer writes Content-Length from its length.</summary>
    public byte[] Body { get; set; } = Array.Empty<byte>();

    public abstract bool IsRequest { get; }

    public string? CallId => Headers.Get(SipHeaderNames.CallId);

    public CSeq? CSeq => Headers.Get(SipHeaderNames.CSeq) is { } v && Sip.CSeq.TryParse(v, out var c) ? c : null;

    public NameAddr? From => ParseNameAddr(SipHeaderNames.From);

    public NameAddr? To => ParseNameAddr(SipHeaderNames.To);

    /// <summary>All via-parms, top first (comma-separated values and repeated lines flattened).</summary>
    public List<Via> Vias
    {
        get
        {
            var list = new List<Via>();
            foreach (var raw in Headers.GetAll(SipHeaderNames.Via))
                if (!Via.TryParseList(raw, list)) break;
            return list;
        }
    }

    public Via? TopVia
    {
        get
        {
            var raw = Headers.Get(SipHeaderNames.Via);
            if (raw is null) return null;
            var first = HeaderValueSplitter.Split(raw)[0];
            return Via.TryParse(first, out var v) ? v : null;
        }
    }

    public int? MaxForwards =>
        Headers.Get(SipHeaderNames.MaxForwards) is { } v && SipGrammar.TryParseBounded(SipGrammar.TrimLws(v), 255, out long n)
            ? (int)n : null;

    /// <summary>The declared Content-Length (not the body length).</summary>
    public int? ContentLength =>
        Headers.Get(SipHeaderNames.ContentLength) is { } v && SipGrammar.TryParseBounded(SipGrammar.TrimLws(v), int.MaxValue, out long n)
            ? (int)n : null;

    public MediaType? ContentType =>
        Headers.Get(SipHeaderNames.ContentType) is { } v && MediaType.TryParse(v, out var m) ? m : null;

    /// <summary>Expires header in seconds, clamped to 2**32-1; null when absent or not numeric.</summary>
    public long? Expires
    {
        get
        {
            var v = Headers.Get(SipHeaderNames.Expires);
            if (v is null) return null;
            var s = SipGrammar.TrimLws(v);
            if (!SipGrammar.IsDigits(s)) return null;
            return SipGrammar.TryParseBounded(s, uint.MaxValue, out long n) ? n : uint.MaxValue;
        }
    }

    /// <summary>True for "Contact: *" (REGISTER remove-all).</summary>
    public bool IsContactStar => Headers.Get(SipHeaderNames.Contact) is { } v && v.Trim() == "*";

    public List<NameAddr> Contacts => ParseNameAddrList(SipHeaderNames.Contact);

    public List<NameAddr> Routes => ParseNameAddrList(SipHeaderNames.Route);

    public List<NameAddr> RecordRoutes => ParseNameAddrList(SipHeaderNames.RecordRoute);

    /// <summary>Parses the first header of the given auth kind (Authorization, WWW-Authenticate, ...).</summary>
    public AuthHeader? GetAuth(string headerName) =>
        Headers.Get(headerName) is { } v && AuthHeader.TryParse(v, out var a) ? a : null;

    /// <summary>All headers of that auth kind (one per realm).</summary>
    public List<AuthHeader> GetAuths(string headerName)
    {
        var list = new List<AuthHeader>();
        foreach (var v in Headers.GetAll(headerName))
            if (AuthHeader.TryParse(v, out var a)) list.Add(a);
        return list;
    }

    /// <summary>Every list token of a header such as Require, Supported, Allow (comma split, trimmed).</summary>
    public List<string> GetTokens(string headerName) => Headers.GetValues(headerName);

    /// <summary>Sets body and Content-Type together (Content-Length is written by the serializer).</summary>
    public void SetBody(string contentType, byte[] body)
    {
        Body = body;
        Headers.Set(SipHeaderNames.ContentType, contentType);
    }

    public void SetBody(string contentType, string body) => SetBody(contentType, Encoding.UTF8.GetBytes(body));

    public string BodyText => Encoding.UTF8.GetString(Body);

    protected void CopyHeadersFrom(SipMessage other)
    {
        foreach (var h in other.Headers) Headers.Add(h);
    }

    private NameAddr? ParseNameAddr(string name) =>
        Headers.Get(name) is { } v && NameAddr.TryParse(v, out var n) ? n : null;

    private List<NameAddr> ParseNameAddrList(string name)
    {
        var list = new List<NameAddr>();
        foreach (var raw in Headers.GetAll(name))
        {
            if (raw.Trim() == "*") continue;
            if (!NameAddr.TryParseList(raw, list)) break;
        }
        return list;
    }

    public override string ToString() => Encoding.UTF8.GetString(SipSerializer.Serialize(this));

    internal static string FormatInt(long v) => v.ToString(CultureInfo.InvariantCulture);
}
