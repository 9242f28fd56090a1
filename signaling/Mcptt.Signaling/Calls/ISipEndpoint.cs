using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// A request received inside its server transaction, as call control needs it. The production
/// implementation wraps the stack's IncomingRequest (<see cref="SipServices"/>); tests use a fake.
/// </summary>
public interface IServerRequest
{
    SipRequest Request { get; }

    /// <summary>Where the request came from (packet source, so NAT-safe).</summary>
    SipFlow Source { get; }

    /// <summary>Our To-tag for every response to this request.</summary>
    string LocalTag { get; }

    /// <summary>Cancelled when a CANCEL for this INVITE arrived (the stack has answered 200 and 487 already).</summary>
    CancellationToken Cancelled { get; }

    /// <summary>Sends through the server transaction; false when a final response was already sent.</summary>
    bool Respond(SipResponse response);
}

/// <summary>A request we sent inside a client transaction.</summary>
public interface IClientRequest
{
    /// <summary>CANCEL a pending INVITE (the transaction layer sends it once a provisional arrived).</summary>
    void Cancel();
}

/// <summary>The outbound half of the SIP stack that call control uses (mirrors SipStack's methods).</summary>
public interface ISipOutbound
{
    /// <summary>
    /// Sends through a new client transaction (the stack adds the Via). <paramref name="onResponse"/>
    /// receives provisionals, the final response (a synthesized 408 on timeout) and 2xx retransmissions.
    /// </summary>
    IClientRequest SendRequest(SipRequest request, SipFlow target, Action<SipResponse> onResponse);

    /// <summary>Sends an ACK for a 2xx (no transaction).</summary>
    bool SendAck(SipRequest ack, SipFlow target);

    /// <summary>Our Contact URI for dialogs over <paramref name="flow"/>'s transport.</summary>
    SipUri CreateContactUri(SipFlow flow);
}
