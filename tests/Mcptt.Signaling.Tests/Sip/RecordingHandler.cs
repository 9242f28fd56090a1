using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>A TU that records requests and optionally answers them.</summary>
public sealed class RecordingHandler : ISipRequestHandler
{
    private readonly Func<IncomingRequest, int?>? _answer;

    public RecordingHandler(Func<IncomingRequest, int?>? answer = null) => _answer = answer;

    public List<IncomingRequest> Requests { get; } = new();
    public List<IncomingRequest> AckTimeouts { get; } = new();

    public void OnRequest(IncomingRequest request)
    {
        lock (Requests) Requests.Add(request);
        if (request.Request.IsAck) return;
        if (_answer?.Invoke(request) is int status) request.Respond(status);
    }

    public void OnAckTimeout(IncomingRequest invite)
    {
        lock (AckTimeouts) AckTimeouts.Add(invite);
    }
}
