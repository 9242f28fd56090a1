using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// Local adapters between the SIP stack's types (IncomingRequest, SipTarget, ClientTransaction) and the
/// narrow ports call control and the registrar are written against (IServerRequest, SipFlow, IClientRequest).
/// Keeping the ports lets the call flows be tested without sockets or the stack's timers.
/// </summary>
internal static class FlowMapping
{
    public static SipFlow ToFlow(IncomingRequest request)
        => new(request.Transport == SipTransportKind.Tcp ? "TCP" : "UDP", request.Remote, request.Local, request.ConnectionId);

    public static SipTarget ToTarget(SipFlow flow)
        => new(string.Equals(flow.Transport, "TCP", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp,
            flow.Remote, flow.ConnectionId);

    public static SipTransportKind Kind(SipFlow flow) => ToTarget(flow).Transport;
}

internal sealed class ServerRequestAdapter : IServerRequest
{
    private readonly IncomingRequest _incoming;

    public ServerRequestAdapter(IncomingRequest incoming)
    {
        _incoming = incoming;
        Source = FlowMapping.ToFlow(incoming);
    }

    public SipRequest Request => _incoming.Request;
    public SipFlow Source { get; }
    public string LocalTag => _incoming.LocalTag;
    public CancellationToken Cancelled => _incoming.CancellationToken;
    public bool Respond(SipResponse response) => _incoming.Respond(response);
}

internal sealed class StackOutbound : ISipOutbound
{
    private readonly SipStack _stack;

    public StackOutbound(SipStack stack) => _stack = stack;

    public IClientRequest SendRequest(SipRequest request, SipFlow target, Action<SipResponse> onResponse)
        => new ClientRequestAdapter(_stack.SendRequest(request, FlowMapping.ToTarget(target), onResponse));

    public bool SendAck(SipRequest ack, SipFlow target) => _stack.SendAck(ack, FlowMapping.ToTarget(target));

    public SipUri CreateContactUri(SipFlow flow) => _stack.CreateContactUri(FlowMapping.Kind(flow));

    private sealed class ClientRequestAdapter(ClientTransaction transaction) : IClientRequest
    {
        public void Cancel() => transaction.Cancel();
    }
}
