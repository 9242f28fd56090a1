using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// Our side of one SIP dialog (RFC 3261 §12) with one participant: identifiers, remote target, route set
/// and where to send (the flow the participant's messages come from, NAT-safe). Mutated only under the
/// owning session's lock.
/// </summary>
internal sealed class Dialog
{
    /// <summary>The UAS side of the dialog an incoming INVITE creates (RFC 3261 §12.1.1); an RFC 2543 peer
    /// without a From tag gets a null remote tag.</summary>
    public static Dialog ForServer(IServerRequest request)
    {
        var invite = request.Request;
        var localUri = invite.To!.Clone();
        localUri.Tag = null;
        var remoteUri = invite.From!.Clone();
        string? remoteTag = remoteUri.Tag;
        remoteUri.Tag = null;
        var contacts = invite.Contacts;
        var dialog = new Dialog(invite.CallId!, request.LocalTag, localUri, remoteUri,
            contacts.Count > 0 ? contacts[0].Uri : remoteUri.Uri, request.Source)
        {
            RemoteTag = remoteTag,
            RemoteCSeq = invite.CSeq?.Number ?? 0,
        };
        // UAS: the route set is the Record-Route list in order (RFC 3261 §12.1.1).
        dialog.RouteSet.AddRange(invite.Headers.GetValues(SipHeaderNames.RecordRoute));
        return dialog;
    }

    public Dialog(string callId, string localTag, NameAddr localUri, NameAddr remoteUri, AddressUri remoteTarget, SipFlow flow)
    {
        CallId = callId;
        LocalTag = localTag;
        LocalUri = localUri;
        RemoteUri = remoteUri;
        RemoteTarget = remoteTarget;
        Flow = flow;
    }

    public string CallId { get; }
    public string LocalTag { get; }
    public string? RemoteTag { get; set; }
    public NameAddr LocalUri { get; }
    public NameAddr RemoteUri { get; }
    public AddressUri RemoteTarget { get; set; }
    public SipFlow Flow { get; set; }
    /// <summary>Route header values for requests we send in this dialog, in order.</summary>
    public List<string> RouteSet { get; } = new();
    public uint LocalCSeq { get; set; }
    public uint RemoteCSeq { get; set; }

    /// <summary>Builds an in-dialog request (the stack adds Via). INVITE/UPDATE get our Contact.</summary>
    public SipRequest CreateRequest(string method, ISipOutbound sip, uint? cseq = null)
    {
        var from = LocalUri.Clone();
        from.Tag = LocalTag;
        var to = RemoteUri.Clone();
        to.Tag = RemoteTag;
        var request = new SipRequest(method, RemoteTarget);
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in RouteSet) request.Headers.Add(SipHeaderNames.Route, route);
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, to.ToString());
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        uint number = cseq ?? ++LocalCSeq;
        request.Headers.Add(SipHeaderNames.CSeq, new CSeq(number, method).ToString());
        if (method is SipMethods.Invite or SipMethods.Update)
            request.Headers.Add(SipHeaderNames.Contact, new NameAddr(sip.CreateContactUri(Flow)).ToString());
        return request;
    }

    /// <summary>ACK for a 2xx to the INVITE with <paramref name="inviteCSeq"/> (RFC 3261 §13.2.2.4).</summary>
    public SipRequest CreateAck(uint inviteCSeq, ISipOutbound sip)
    {
        var ack = CreateRequest(SipMethods.Ack, sip, inviteCSeq);
        return ack;
    }
}
