namespace Mcptt.Signaling.Sip;

/// <summary>A SIP response: SIP-Version SP Status-Code SP Reason-Phrase, headers, body.</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipReasonPhrases.For(statusCode);
    }

    public int StatusCode { get; set; }
    public string ReasonPhrase { get; set; }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;
    public bool IsFinal => StatusCode >= 200;
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>"1xx" .. "6xx".</summary>
    public string StatusClass => (StatusCode / 100) + "xx";

    /// <summary>
    /// RFC 3261 §8.2.6.2: copies every Via (in order), From, To, Call-ID and CSeq (and Timestamp for 100).
    /// A To-tag is added for any status above 100 when the request had none: <paramref name="toTag"/>
    /// when given (use the same one for every response of a request), otherwise a fresh one.
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = CreateFromHeaders(request.Headers, statusCode, reasonPhrase, toTag);
        if (statusCode == 100) response.Headers.CopyFrom(request.Headers, SipHeaderNames.Timestamp);
        return response;
    }

    /// <summary>
    /// Same as <see cref="CreateFor"/> from a bare header list (what a parser salvages from a malformed
    /// request), so that even a 400 for a broken request line can be answered.
    /// </summary>
    public static SipResponse CreateFromHeaders(SipHeaderCollection requestHeaders, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reasonPhrase);
        response.Headers.CopyFrom(requestHeaders, SipHeaderNames.Via);
        response.Headers.CopyFrom(requestHeaders, SipHeaderNames.From);
        var to = requestHeaders.Get(SipHeaderNames.To);
        if (to is not null)
        {
            if (statusCode > 100 && NameAddr.TryParse(to, out var toAddr) && toAddr.Tag is null)
            {
                toAddr.Tag = toTag ?? SipIds.NewTag();
                response.Headers.Add(SipHeaderNames.To, toAddr.ToString());
            }
            else
            {
                response.Headers.Add(SipHeaderNames.To, to);
            }
        }
        response.Headers.CopyFrom(requestHeaders, SipHeaderNames.CallId);
        response.Headers.CopyFrom(requestHeaders, SipHeaderNames.CSeq);
        return response;
    }

    public SipResponse Clone()
    {
        var copy = new SipResponse(StatusCode, ReasonPhrase) { Version = Version, Body = Body };
        copy.CopyHeadersFrom(this);
        return copy;
    }
}
