namespace Mcptt.Signaling.Sip;

/// <summary>
/// Syntax checks of the headers the transaction layer and TU depend on. A message passing these can be
/// read through the typed accessors of <see cref="SipMessage"/> without surprises.
/// </summary>
internal static class HeaderSyntaxValidator
{
    public static string? FindError(SipMessage message)
    {
        var h = message.Headers;
        var vias = new List<Via>();
        foreach (var v in h.GetAll(SipHeaderNames.Via))
            if (!Via.TryParseList(v, vias)) return "malformed Via";

        foreach (var name in new[] { SipHeaderNames.From, SipHeaderNames.To })
            foreach (var v in h.GetAll(name))
                if (!NameAddr.TryParse(v, out _)) return "malformed " + name;

        foreach (var v in h.GetAll(SipHeaderNames.CSeq))
            if (!CSeq.TryParse(v, out _)) return "malformed CSeq";

        foreach (var v in h.GetAll(SipHeaderNames.CallId))
            if (!IsCallId(v)) return "malformed Call-ID";

        // Responses are checked only for what matching them needs: rejecting a 200 OK over an odd
        // Contact would break a call that the TU can still handle.
        if (!message.IsRequest) return null;

        foreach (var v in h.GetAll(SipHeaderNames.MaxForwards))
            if (!SipGrammar.TryParseBounded(SipGrammar.TrimLws(v), 255, out _)) return "malformed Max-Forwards";

        foreach (var v in h.GetAll(SipHeaderNames.ContentType))
            if (!MediaType.TryParse(v, out _)) return "malformed Content-Type";

        foreach (var v in h.GetAll(SipHeaderNames.Contact))
        {
            if (v.Trim() == "*") continue;
            if (!NameAddr.TryParseList(v, new List<NameAddr>())) return "malformed Contact";
        }

        foreach (var name in new[] { SipHeaderNames.Route, SipHeaderNames.RecordRoute })
            foreach (var v in h.GetAll(name))
                if (!NameAddr.TryParseList(v, new List<NameAddr>())) return "malformed " + name;

        return null;
    }

    /// <summary>callid = word [ "@" word ].</summary>
    private static bool IsCallId(string value)
    {
        var s = value.AsSpan().Trim(" \t");
        if (s.IsEmpty) return false;
        int at = s.IndexOf('@');
        var left = at < 0 ? s : s[..at];
        var right = at < 0 ? ReadOnlySpan<char>.Empty : s[(at + 1)..];
        if (left.IsEmpty || (at >= 0 && right.IsEmpty)) return false;
        foreach (char c in left) if (!SipGrammar.IsWordChar(c)) return false;
        foreach (char c in right) if (!SipGrammar.IsWordChar(c)) return false;
        return true;
    }
}
