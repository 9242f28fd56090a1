namespace Mcptt.Signaling.Sip;

/// <summary>The verdict of semantic validation: 0 means "hand it to the TU".</summary>
public readonly record struct ValidationOutcome(int StatusCode, string? Reason, IReadOnlyList<KeyValuePair<string, string>>? ExtraHeaders = null)
{
    public static readonly ValidationOutcome Accept = new(0, null);

    public bool IsAccepted => StatusCode == 0;
}

/// <summary>What the server supports, used by semantic validation and by the automatic OPTIONS answer.</summary>
public sealed class SipServerCapabilities
{
    /// <summary>Methods the TU handles (Allow header). REGISTER/INVITE/ACK/BYE/CANCEL/OPTIONS by default.</summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } =
        [SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Register];

    /// <summary>Option tags we support (Supported header; a Require outside this list yields 420).</summary>
    public IReadOnlyList<string> SupportedExtensions { get; init; } = [];

    /// <summary>Body types we accept (Accept header; other INVITE bodies yield 415).</summary>
    public IReadOnlyList<string> AcceptedContentTypes { get; init; } = ["application/sdp"];

    /// <summary>URI schemes served in the Request-URI (others yield 416).</summary>
    public IReadOnlyList<string> ServedSchemes { get; init; } = ["sip", "sips"];
}

/// <summary>
/// RFC 3261 §8.2 / §16.3 checks applied to a parsed request before the TU sees it. Malformed-message
/// checks (400) first, then the order of RFC 3261 §8.2: method, Request-URI scheme, extensions, content.
/// </summary>
public sealed class SipRequestValidator
{
    private static readonly string[] Required = [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq];

    private static readonly string[] SingleValued =
        [SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq, SipHeaderNames.MaxForwards,
         SipHeaderNames.ContentLength, SipHeaderNames.ContentType, SipHeaderNames.Expires];

    private readonly SipServerCapabilities _caps;

    public SipRequestValidator(SipServerCapabilities capabilities) => _caps = capabilities;

    /// <param name="request">A request the parser accepted.</param>
    /// <param name="actingAsProxy">
    /// True when the request would be forwarded: Proxy-Require then counts like Require. A UAS
    /// checks only Require (RFC 3261 §20.29, RFC 4475 §3.3.5 "depending on the role").
    /// </param>
    public ValidationOutcome Validate(SipRequest request, bool actingAsProxy = false)
    {
        foreach (var name in Required)
            if (!request.Headers.Contains(name)) return new(400, "Missing " + name);
        foreach (var name in SingleValued)
            if (request.Headers.CountOf(name) > 1) return new(400, "Multiple " + name + " values");

        var cseq = request.CSeq!.Value;
        if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
            return new(400, "CSeq method does not match the Request-Line");

        bool isAck = request.Method == SipMethods.Ack;
        bool isCancel = request.Method == SipMethods.Cancel;

        // §8.2.1 method inspection comes before header inspection (416, 420).
        if (!SipMethods.IsStandard(request.Method) || !ContainsOrdinal(_caps.AllowedMethods, request.Method))
            return new(SipMethods.IsStandard(request.Method) ? 405 : 501, null, [new(SipHeaderNames.Allow, string.Join(", ", _caps.AllowedMethods))]);

        if (!ContainsIgnoreCase(_caps.ServedSchemes, request.RequestUri.Scheme))
            return new(416, null);

        // §8.2.2.3: ACK and CANCEL never fail on Require; unknown option tags get 420 + Unsupported.
        if (!isAck && !isCancel)
        {
            var unsupported = new List<string>();
            foreach (var name in actingAsProxy ? new[] { SipHeaderNames.Require, SipHeaderNames.ProxyRequire } : new[] { SipHeaderNames.Require })
                foreach (var tag in request.Headers.GetValues(name))
                    if (!ContainsIgnoreCase(_caps.SupportedExtensions, tag) && !ContainsIgnoreCase(unsupported, tag))
                        unsupported.Add(tag);
            if (unsupported.Count > 0)
                return new(420, null, [new(SipHeaderNames.Unsupported, string.Join(", ", unsupported))]);
        }

        if (request.Method == SipMethods.Invite)
        {
            // §8.2.3: a body we cannot understand gets 415 with what we accept.
            if (request.Body.Length > 0 || request.Headers.Contains(SipHeaderNames.ContentType))
            {
                var type = request.ContentType;
                if (type is null || !AcceptsBody(type))
                    return new(415, null, [new(SipHeaderNames.Accept, string.Join(", ", _caps.AcceptedContentTypes))]);
            }
            // An Accept that rules out every body we could answer with cannot be satisfied.
            if (request.Headers.Contains(SipHeaderNames.Accept) && !AcceptsOurAnswer(request))
                return new(406, null);
        }
        return ValidationOutcome.Accept;
    }

    private bool AcceptsBody(MediaType type)
    {
        foreach (var accepted in _caps.AcceptedContentTypes)
            if (string.Equals(type.Essence, accepted, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private bool AcceptsOurAnswer(SipRequest request)
    {
        foreach (var value in request.Headers.GetValues(SipHeaderNames.Accept))
        {
            if (!MediaType.TryParse(value, out var range)) continue;
            foreach (var ours in _caps.AcceptedContentTypes)
            {
                int slash = ours.IndexOf('/');
                if (slash > 0 && range.Accepts(ours[..slash], ours[(slash + 1)..])) return true;
            }
        }
        return false;
    }

    private static bool ContainsIgnoreCase(IEnumerable<string> list, string value)
    {
        foreach (var s in list) if (string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool ContainsOrdinal(IEnumerable<string> list, string value)
    {
        foreach (var s in list) if (string.Equals(s, value, StringComparison.Ordinal)) return true;
        return false;
    }
}
