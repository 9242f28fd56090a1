namespace Mcptt.Signaling.Sip;

public enum SipParseStatus
{
    /// <summary>A complete, syntactically valid message.</summary>
    Success,

    /// <summary>Malformed: answer requests with <see cref="SipParseResult.StatusCode"/>, drop responses.</summary>
    Error,

    /// <summary>Stream framing only: more bytes are needed.</summary>
    Incomplete,

    /// <summary>Only CRLF keep-alive bytes (RFC 5626 §3.5.1) were consumed.</summary>
    KeepAlive,
}

/// <summary>
/// Outcome of parsing one message. Never thrown: malformed input yields <see cref="SipParseStatus.Error"/>
/// with the status code to answer and whatever headers could be salvaged to build that answer.
/// </summary>
public sealed class SipParseResult
{
    public SipParseStatus Status { get; private init; }
    public SipMessage? Message { get; private init; }

    /// <summary>Status code to answer a malformed request with (400, 505, 413, ...); 0 on success.</summary>
    public int StatusCode { get; private init; }

    /// <summary>Human reason for the error (also usable as the reason phrase).</summary>
    public string? Error { get; private init; }

    /// <summary>True when the start line looks like a response (never answered, only dropped).</summary>
    public bool IsResponse { get; private init; }

    /// <summary>Header lines read before/despite the error (Via, From, To, Call-ID, CSeq, ...).</summary>
    public SipHeaderCollection? SalvagedHeaders { get; private init; }

    /// <summary>Bytes that belong to this message (stream framing); 0 when the stream cannot be resynchronised.</summary>
    public int BytesConsumed { get; private init; }

    public bool Success => Status == SipParseStatus.Success;
    public SipRequest? Request => Message as SipRequest;
    public SipResponse? Response => Message as SipResponse;

    /// <summary>
    /// The error response for a malformed request (RFC 3261 §8.2, §16.3), or null when none can or may
    /// be sent: a response, or nothing to route it with (no Via).
    /// </summary>
    public SipResponse? CreateErrorResponse()
    {
        if (Status != SipParseStatus.Error || IsResponse || SalvagedHeaders is null) return null;
        if (!SalvagedHeaders.Contains(SipHeaderNames.Via)) return null;
        return SipResponse.CreateFromHeaders(SalvagedHeaders, StatusCode, ReasonPhraseFor(StatusCode, Error));
    }

    private static string ReasonPhraseFor(int status, string? error) =>
        error is null ? SipReasonPhrases.For(status) : SipReasonPhrases.For(status) + " (" + error + ")";

    internal static SipParseResult Ok(SipMessage message, int consumed) =>
        new() { Status = SipParseStatus.Success, Message = message, BytesConsumed = consumed, IsResponse = !message.IsRequest };

    internal static SipParseResult Fail(int status, string error, bool isResponse, SipHeaderCollection? salvaged, int consumed = 0) =>
        new() { Status = SipParseStatus.Error, StatusCode = status, Error = error, IsResponse = isResponse, SalvagedHeaders = salvaged, BytesConsumed = consumed };

    internal static SipParseResult NeedMore() => new() { Status = SipParseStatus.Incomplete };

    internal static SipParseResult KeepAlive(int consumed) => new() { Status = SipParseStatus.KeepAlive, BytesConsumed = consumed };
}
