using System.Net;

namespace Mcptt.Signaling.Sip;

/// <summary>A request handed to the TU, bound to its server transaction.</summary>
public sealed class IncomingRequest
{
    private readonly SipStack _stack;
    private readonly CancellationTokenSource _cancelled = new();
    private string? _localTag;

    internal IncomingRequest(SipStack stack, SipRequest request, SipInbound source)
    {
        _stack = stack;
        Request = request;
        Transport = source.Transport;
        Remote = source.Remote;
        Local = source.Local;
        ConnectionId = source.ConnectionId;
    }

    public SipRequest Request { get; }
    public SipTransportKind Transport { get; }

    /// <summary>Source address:port of the packet (what received/rport were stamped from).</summary>
    public IPEndPoint Remote { get; }

    public IPEndPoint Local { get; }

    /// <summary>TCP connection the request came on (0 for UDP).</summary>
    public long ConnectionId { get; }

    /// <summary>Where to send requests back to this peer (same TCP connection when TCP).</summary>
    public SipTarget Source => new(Transport, Remote, ConnectionId);

    /// <summary>The To-tag used by every response created through <see cref="CreateResponse"/>.</summary>
    public string LocalTag
    {
        get
        {
            // Responses may be created from several threads; all must carry one tag.
            if (_localTag is null) Interlocked.CompareExchange(ref _localTag, SipIds.NewTag(), null);
            return _localTag;
        }
    }

    /// <summary>Cancelled when a CANCEL for this INVITE arrived (the stack already answered 487).</summary>
    public CancellationToken CancellationToken => _cancelled.Token;

    public bool IsCancelled => _cancelled.IsCancellationRequested;

    internal ServerTransaction? Transaction { get; set; }

    /// <summary>True once a final response was sent.</summary>
    public bool HasFinalResponse => Transaction?.LastResponse?.IsFinal == true;

    /// <summary>A response with Via/From/To/Call-ID/CSeq copied and this request's To-tag.</summary>
    public SipResponse CreateResponse(int statusCode, string? reasonPhrase = null) =>
        SipResponse.CreateFor(Request, statusCode, reasonPhrase, LocalTag);

    /// <summary>
    /// Sends through the server transaction (retransmitted and absorbed as RFC 3261 §17.2 says).
    /// Returns false when the transaction already has a final response or is gone.
    /// </summary>
    public bool Respond(SipResponse response)
    {
        if (Request.IsAck) throw new InvalidOperationException("ACK is never answered");
        return _stack.SendResponse(this, response);
    }

    public bool Respond(int statusCode, string? reasonPhrase = null) => Respond(CreateResponse(statusCode, reasonPhrase));

    internal void Cancel()
    {
        try { _cancelled.Cancel(); } catch (AggregateException) { }
    }
}
