using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Sip;

/// <summary>The state of our one dialog (RFC 3261 §12): identifiers, route set and remote target.</summary>
public sealed class SipDialog
{
    public required string CallId { get; init; }

    public required NameAddr Local { get; init; }

    public required NameAddr Remote { get; set; }

    public required AddressUri RemoteTarget { get; set; }

    public List<NameAddr> RouteSet { get; set; } = [];

    public uint LocalCSeq { get; set; }

    public bool IsCaller { get; init; }

    /// <summary>The INVITE we sent (caller) — kept for CANCEL and non-2xx ACKs.</summary>
    public SipRequest? Invite { get; set; }

    /// <summary>The ACK for the 2xx, re-sent when the 2xx is retransmitted.</summary>
    public SipRequest? Ack { get; set; }

    /// <summary>Our 2xx to an incoming INVITE, retransmitted until the ACK arrives (callee).</summary>
    public SipResponse? Answer { get; set; }

    public IPEndPoint? AnswerDestination { get; set; }

    public uint? RemoteInviteCSeq { get; set; }

    /// <summary>An incoming INVITE not yet answered with a final response (callee), and where it came from.</summary>
    public (SipRequest Request, IPEndPoint From)? PendingInvite { get; set; }

    public TaskCompletionSource AckReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A new in-dialog request (not ACK/CANCEL) with the next CSeq, routed through the route set.</summary>
    public SipRequest CreateRequest(string method, Via via)
    {
        LocalCSeq++;
        return CreateRequest(method, via, LocalCSeq);
    }

    public SipRequest CreateRequest(string method, Via via, uint cseq)
    {
        var request = SipRequest.Create(method, RemoteTarget, Local, Remote, CallId, cseq, via);
        foreach (NameAddr route in RouteSet)
        {
            request.Headers.Add(SipHeaderNames.Route, route.ToString());
        }

        return request;
    }

    public bool Matches(SipMessage message)
    {
        if (message.CallId != CallId)
        {
            return false;
        }

        // Requests from the peer carry our tag in To; responses to us carry it in From.
        string? ourTag = message is SipRequest ? message.To?.Tag : message.From?.Tag;
        return ourTag is null || ourTag == Local.Tag;
    }
}
