using System.Net;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>The stack as call control sees it: records what is sent; the test plays the far ends.</summary>
internal sealed class FakeSip : ISipOutbound
{
    private readonly object _gate = new();

    public List<SentRequest> Sent { get; } = new();
    public List<(SipRequest Ack, SipFlow Target)> Acks { get; } = new();

    public IClientRequest SendRequest(SipRequest request, SipFlow target, Action<SipResponse> onResponse)
    {
        // What the real stack does on send: add our Via with a fresh branch.
        request.Headers.AddFirst(SipHeaderNames.Via, $"SIP/2.0/UDP 192.0.2.1:5060;branch={SipIds.NewBranch()};rport");
        var sent = new SentRequest(request, target, onResponse);
        lock (_gate) Sent.Add(sent);
        return sent;
    }

    public bool SendAck(SipRequest ack, SipFlow target)
    {
        lock (_gate) Acks.Add((ack, target));
        return true;
    }

    /// <summary>The request that carries this Subject (call control forwards the caller's Subject to the callee).</summary>
    public SentRequest? FindBySubject(string subject)
    {
        lock (_gate) return Sent.Find(s => s.Request.Headers.Get("Subject") == subject);
    }

    public SentRequest[] Snapshot()
    {
        lock (_gate) return Sent.ToArray();
    }

    public SipUri CreateContactUri(SipFlow flow) => new("192.0.2.1", null, 5060);

    public IEnumerable<SentRequest> OfMethod(string method) => Sent.Where(s => s.Request.Method == method);
}

internal sealed class SentRequest(SipRequest request, SipFlow target, Action<SipResponse> onResponse) : IClientRequest
{
    public SipRequest Request { get; } = request;
    public SipFlow Target { get; } = target;
    public bool Cancelled { get; private set; }
    public string ToTag { get; } = SipIds.NewTag();

    public void Cancel() => Cancelled = true;

    /// <summary>The far end answers (To-tag fixed per request, like one UAS).</summary>
    public SipResponse Respond(int status, string? sdp = null, string contact = "<sip:far@10.9.9.9:5099>")
    {
        var response = SipResponse.CreateFor(Request, status, null, status > 100 ? ToTag : null);
        if (status is > 100 and < 300) response.Headers.Add(SipHeaderNames.Contact, contact);
        if (sdp is not null) response.SetBody("application/sdp", sdp);
        onResponse(response);
        return response;
    }
}

internal sealed class FakeServerRequest : IServerRequest
{
    private readonly CancellationTokenSource _cancel = new();

    public FakeServerRequest(SipRequest request, SipFlow source)
    {
        Request = request;
        Source = source;
    }

    public SipRequest Request { get; }
    public SipFlow Source { get; }
    public string LocalTag { get; } = SipIds.NewTag();
    public CancellationToken Cancelled => _cancel.Token;
    public List<SipResponse> Responses { get; } = new();
    public SipResponse? Final => Responses.LastOrDefault(r => r.IsFinal);
    public SipResponse Last => Responses[^1];

    public bool Respond(SipResponse response)
    {
        if (Final is not null) return false;
        Responses.Add(response);
        return true;
    }

    /// <summary>What the stack does on CANCEL: 487 to the INVITE, then the token.</summary>
    public void CancelByCaller()
    {
        Respond(SipResponse.CreateFor(Request, 487, null, LocalTag));
        _cancel.Cancel();
    }

    public static SipFlow Udp(string address, int port) => new("UDP", new IPEndPoint(IPAddress.Parse(address), port));
}
