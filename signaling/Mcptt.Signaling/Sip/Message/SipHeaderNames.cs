namespace Mcptt.Signaling.Sip;

/// <summary>Canonical header names and the RFC 3261 §7.3.3 / IANA compact forms.</summary>
public static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string MaxForwards = "Max-Forwards";
    public const string Contact = "Contact";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentDisposition = "Content-Disposition";
    public const string Expires = "Expires";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string AcceptEncoding = "Accept-Encoding";
    public const string AcceptLanguage = "Accept-Language";
    public const string Supported = "Supported";
    public const string Require = "Require";
    public const string ProxyRequire = "Proxy-Require";
    public const string Unsupported = "Unsupported";
    public const string Authorization = "Authorization";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string Subject = "Subject";
    public const string Event = "Event";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string SessionExpires = "Session-Expires";
    public const string AllowEvents = "Allow-Events";
    public const string Identity = "Identity";
    public const string IdentityInfo = "Identity-Info";
    public const string RequestDisposition = "Request-Disposition";
    public const string AcceptContact = "Accept-Contact";
    public const string RejectContact = "Reject-Contact";
    public const string Reason = "Reason";
    public const string RetryAfter = "Retry-After";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";
    public const string Timestamp = "Timestamp";
    public const string MinExpires = "Min-Expires";
    public const string Warning = "Warning";
    public const string Date = "Date";
    public const string PAssertedIdentity = "P-Asserted-Identity";
    public const string PPreferredIdentity = "P-Preferred-Identity";

    private static readonly Dictionary<string, string> Compact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = CallId, ["m"] = Contact, ["e"] = ContentEncoding, ["l"] = ContentLength,
        ["c"] = ContentType, ["f"] = From, ["s"] = Subject, ["k"] = Supported, ["t"] = To,
        ["v"] = Via, ["o"] = Event, ["u"] = AllowEvents, ["r"] = ReferTo, ["b"] = ReferredBy,
        ["x"] = SessionExpires, ["y"] = Identity, ["n"] = IdentityInfo, ["d"] = RequestDisposition,
        ["a"] = AcceptContact, ["j"] = RejectContact,
    };

    private static readonly Dictionary<string, string> Known = BuildKnown();

    private static Dictionary<string, string> BuildKnown()
    {
        var names = new[]
        {
            Via, From, To, CallId, CSeq, MaxForwards, Contact, ContentLength, ContentType, ContentEncoding,
            ContentDisposition, Expires, Route, RecordRoute, Allow, Accept, AcceptEncoding, AcceptLanguage,
            Supported, Require, ProxyRequire, Unsupported, Authorization, ProxyAuthorization, WwwAuthenticate,
            ProxyAuthenticate, Subject, Event, ReferTo, ReferredBy, SessionExpires, AllowEvents, Identity,
            IdentityInfo, RequestDisposition, AcceptContact, RejectContact, Reason, RetryAfter, UserAgent,
            Server, Timestamp, MinExpires, Warning, Date, PAssertedIdentity, PPreferredIdentity,
        };
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in names) map[n] = n;
        return map;
    }

    /// <summary>
    /// Maps a header name as received (any case, compact or full) to its canonical full name.
    /// Unknown names are returned unchanged (their comparison stays case-insensitive).
    /// </summary>
    public static string Canonicalize(string name)
    {
        if (Compact.TryGetValue(name, out var full)) return full;
        if (Known.TryGetValue(name, out var known)) return known;
        return name;
    }

    /// <summary>
    /// Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1), so several lines or several
    /// comma-separated values mean the same thing. Everything else is single-valued or opaque.
    /// </summary>
    public static bool IsList(string canonicalName) => canonicalName switch
    {
        Via or Contact or Route or RecordRoute or Allow or Accept or AcceptEncoding or AcceptLanguage
            or Supported or Require or ProxyRequire or Unsupported or ContentEncoding or AllowEvents
            or PAssertedIdentity or PPreferredIdentity or Reason or Warning => true,
        _ => false,
    };
}
