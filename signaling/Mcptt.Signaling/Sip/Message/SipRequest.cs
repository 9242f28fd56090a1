namespace Mcptt.Signaling.Sip;

/// <summary>A SIP request: Method SP Request-URI SP SIP-Version, headers, body.</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, AddressUri requestUri)
    {
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; set; }
    public AddressUri RequestUri { get; set; }

    public override bool IsRequest => true;

    public bool IsInvite => Method == SipMethods.Invite;
    public bool IsAck => Method == SipMethods.Ack;
    public bool IsCancel => Method == SipMethods.Cancel;

    /// <summary>
    /// Builds a new out-of-dialog style request with the mandatory headers in the usual order
    /// (Via, Max-Forwards, From, To, Call-ID, CSeq). The Via branch is fresh unless given.
    /// </summary>
    public static SipRequest Create(string method, AddressUri requestUri, NameAddr from, NameAddr to,
        string callId, uint cseq, Via via, int maxForwards = 70)
    {
        var request = new SipRequest(method, requestUri);
        via.Branch ??= SipIds.NewBranch();
        request.Headers.Add(SipHeaderNames.Via, via.ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, FormatInt(maxForwards));
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, to.ToString());
        request.Headers.Add(SipHeaderNames.CallId, callId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeq(cseq, method).ToString());
        return request;
    }

    /// <summary>Deep copy of start line, headers and body (headers are immutable values).</summary>
    public SipRequest Clone()
    {
        var copy = new SipRequest(Method, RequestUri) { Version = Version, Body = Body };
        copy.CopyHeadersFrom(this);
        return copy;
    }

    /// <summary>
    /// RFC 3261 §9.1: CANCEL for a pending INVITE — same Request-URI, Call-ID, From, To, CSeq number,
    /// the same top Via only (so it matches the INVITE's transaction), and its Route set.
    /// </summary>
    public SipRequest CreateCancel()
    {
        var cancel = new SipRequest(SipMethods.Cancel, RequestUri);
        if (Headers.Get(SipHeaderNames.Via) is { } via) cancel.Headers.Add(SipHeaderNames.Via, HeaderValueSplitter.Split(via)[0]);
        cancel.Headers.Add(SipHeaderNames.MaxForwards, "70");
        cancel.Headers.CopyFrom(Headers, SipHeaderNames.Route);
        cancel.Headers.CopyFrom(Headers, SipHeaderNames.From);
        cancel.Headers.CopyFrom(Headers, SipHeaderNames.To);
        cancel.Headers.CopyFrom(Headers, SipHeaderNames.CallId);
        if (CSeq is { } c) cancel.Headers.Add(SipHeaderNames.CSeq, new CSeq(c.Number, SipMethods.Cancel).ToString());
        return cancel;
    }

    /// <summary>
    /// RFC 3261 §17.1.1.3: ACK for a non-2xx final response — same top Via and Route set as the INVITE,
    /// To taken from the response (with its tag), CSeq number of the INVITE with method ACK.
    /// </summary>
    public SipRequest CreateAckForNon2xx(SipResponse response)
    {
        var ack = new SipRequest(SipMethods.Ack, RequestUri);
        if (Headers.Get(SipHeaderNames.Via) is { } via) ack.Headers.Add(SipHeaderNames.Via, HeaderValueSplitter.Split(via)[0]);
        ack.Headers.Add(SipHeaderNames.MaxForwards, "70");
        ack.Headers.CopyFrom(Headers, SipHeaderNames.Route);
        ack.Headers.CopyFrom(Headers, SipHeaderNames.From);
        ack.Headers.CopyFrom(response.Headers, SipHeaderNames.To);
        ack.Headers.CopyFrom(Headers, SipHeaderNames.CallId);
        if (CSeq is { } c) ack.Headers.Add(SipHeaderNames.CSeq, new CSeq(c.Number, SipMethods.Ack).ToString());
        return ack;
    }

    /// <summary>
    /// RFC 3261 §13.2.2.4: ACK for a 2xx — a new transaction (fresh Via branch added when sent) towards
    /// the remote target (the 2xx Contact), with the route set from the 2xx Record-Route in reverse,
    /// To from the 2xx (with its tag), From/Call-ID from this INVITE and its CSeq number.
    /// </summary>
    public SipRequest CreateAckFor2xx(SipResponse response)
    {
        var contacts = response.Contacts;
        var target = contacts.Count > 0 ? contacts[0].Uri : RequestUri;
        var ack = new SipRequest(SipMethods.Ack, target);
        ack.Headers.Add(SipHeaderNames.MaxForwards, "70");
        var recordRoutes = response.RecordRoutes;
        for (int i = recordRoutes.Count - 1; i >= 0; i--)
            ack.Headers.Add(SipHeaderNames.Route, recordRoutes[i].ToString());
        ack.Headers.CopyFrom(Headers, SipHeaderNames.From);
        ack.Headers.CopyFrom(response.Headers, SipHeaderNames.To);
        ack.Headers.CopyFrom(Headers, SipHeaderNames.CallId);
        if (CSeq is { } c) ack.Headers.Add(SipHeaderNames.CSeq, new CSeq(c.Number, SipMethods.Ack).ToString());
        ack.Headers.CopyFrom(Headers, SipHeaderNames.ProxyAuthorization);
        ack.Headers.CopyFrom(Headers, SipHeaderNames.Authorization);
        return ack;
    }
}
