namespace Mcptt.Signaling.Sip;

/// <summary>The transaction user (registrar, B2BUA): receives validated requests.</summary>
public interface ISipRequestHandler
{
    /// <summary>
    /// A new request (not a retransmission) that passed validation. Answer with
    /// <see cref="IncomingRequest.Respond(SipResponse)"/> now or later from any thread. ACKs for 2xx
    /// arrive here too (never answered). CANCEL is handled by the stack: it answers 200 to the CANCEL
    /// and 487 to the INVITE, then cancels <see cref="IncomingRequest.CancellationToken"/> of the INVITE.
    /// Called on a transport thread: do not block.
    /// </summary>
    void OnRequest(IncomingRequest request);

    /// <summary>A 2xx to this INVITE was retransmitted until Timer H without an ACK (RFC 3261 §13.3.1.4: end the session).</summary>
    void OnAckTimeout(IncomingRequest invite)
    {
    }
}
