namespace Mcptt.Signaling.Sip;

/// <summary>RFC 3261 §17.2.3 server-transaction matching keys, with the RFC 2543 fallback.</summary>
internal static class TransactionKeys
{
    /// <summary>
    /// Key of the server transaction a request belongs to. ACK maps onto its INVITE's key (it matches
    /// the INVITE transaction for non-2xx); CANCEL has its own key (method CANCEL).
    /// </summary>
    public static string? Server(SipRequest request) => Server(request, request.IsAck ? SipMethods.Invite : request.Method);

    public static string? Server(SipRequest request, string method)
    {
        var via = request.TopVia;
        if (via is null) return null;
        if (via.HasRfc3261Branch)
            return string.Concat(via.Branch, "|", via.SentBy.ToLowerInvariant(), "|", method);
        // RFC 2543 (§17.2.3 last paragraphs): Request-URI, From tag, Call-ID, CSeq number, top Via.
        // The To-tag is left out so an ACK (which carries our tag) matches its INVITE.
        var cseq = request.CSeq;
        return string.Concat("2543|", request.RequestUri.ToString(), "|", request.From?.Tag, "|", request.CallId, "|",
            cseq?.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "|", method, "|",
            via.SentBy.ToLowerInvariant(), "|", via.Branch);
    }

    /// <summary>Dialog-level key that an ACK for a 2xx (a new transaction) shares with its INVITE.</summary>
    public static string AckFor2xx(SipMessage message) =>
        string.Concat(message.CallId, "|", message.CSeq?.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "|", message.From?.Tag);

    /// <summary>Client transaction key: top Via branch + CSeq method (§17.1.3).</summary>
    public static string? Client(SipMessage message)
    {
        var branch = message.TopVia?.Branch;
        var method = message.CSeq?.Method;
        if (branch is null || method is null) return null;
        return branch + "|" + (method == SipMethods.Ack ? SipMethods.Invite : method);
    }

    /// <summary>
    /// RFC 3261 §8.2.2.2 merged-request key (From tag, Call-ID, CSeq) for requests without a To-tag;
    /// null when the request has a To-tag or is an ACK/CANCEL.
    /// </summary>
    public static string? Merge(SipRequest request)
    {
        if (request.IsAck || request.IsCancel) return null;
        var to = request.To;
        if (to is null || to.Tag is not null) return null;
        return string.Concat(request.From?.Tag, "|", request.CallId, "|", request.CSeq?.ToString());
    }
}
