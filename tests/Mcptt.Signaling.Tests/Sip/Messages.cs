namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Small well-formed messages for transaction tests.</summary>
internal static class Messages
{
    public static string Invite(string branch = "z9hG4bKinv1", string via = "192.0.2.77:5070", string callId = "call-1@test", int cseq = 1) =>
        $"INVITE sip:alice@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {via};branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:bob@example.com>;tag=from1\r\n" +
        "To: <sip:alice@example.com>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} INVITE\r\n" +
        "Contact: <sip:bob@192.0.2.77:5070>\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static string Ack(string branch, string toTag, string callId = "call-1@test", int cseq = 1, string via = "192.0.2.77:5070") =>
        $"ACK sip:alice@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {via};branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:bob@example.com>;tag=from1\r\n" +
        $"To: <sip:alice@example.com>;tag={toTag}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} ACK\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static string Cancel(string branch = "z9hG4bKinv1", string callId = "call-1@test", int cseq = 1) =>
        $"CANCEL sip:alice@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.77:5070;branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:bob@example.com>;tag=from1\r\n" +
        "To: <sip:alice@example.com>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} CANCEL\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static string Request(string method, string branch = "z9hG4bKreq1", string via = "192.0.2.77:5070;rport", string transport = "UDP") =>
        $"{method} sip:alice@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} {via};branch={branch}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:bob@example.com>;tag=from1\r\n" +
        "To: <sip:alice@example.com>\r\n" +
        "Call-ID: req-1@test\r\n" +
        $"CSeq: 5 {method}\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>A response to a request the stack sent (copies its Via/From/To/Call-ID/CSeq).</summary>
    public static string ResponseTo(Mcptt.Signaling.Sip.SipRequest request, int status, string? toTag = "totag1")
    {
        var response = Mcptt.Signaling.Sip.SipResponse.CreateFor(request, status, null, toTag);
        return System.Text.Encoding.UTF8.GetString(Mcptt.Signaling.Sip.SipSerializer.Serialize(response));
    }
}
