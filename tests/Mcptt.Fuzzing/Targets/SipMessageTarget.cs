using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sip;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// SIP messages as the transports hand them to the core: one datagram (UDP) and the same bytes as a
/// stream segment (TCP), then what the core reads of an accepted message (request validation, Via,
/// From/To, CSeq, Contact, Route, credentials, the SDP body) or the 400 it answers a malformed one with.
/// Crash: any exception, the parser's catch-all firing ("unparseable message"), a stream result that
/// claims more bytes than it was given, or an accepted message that the serializer writes in a form the
/// parser rejects (what the B2BUA and the registrar send on must be what they would accept).
/// </summary>
internal sealed class SipMessageTarget : FuzzTarget
{
    private static readonly SipRequestValidator Validator = new(new SipServerCapabilities());

    public override string Name => "sip";

    /// <summary>Each input is parsed four times (two framings, each written and parsed again) and every header
    /// read; measured at ~133 bytes per input byte, linear (46 KB of Via headers: 6.2 MB).</summary>
    public override long AllocationBudget(int inputLength) => (4L << 20) + 256L * inputLength;

    public override string Description => "SipParser (datagram + stream) and the headers the core reads; crash = exception or catch-all";

    public override void Run(ReadOnlySpan<byte> input)
    {
        foreach (var framing in (ReadOnlySpan<SipFraming>)[SipFraming.Datagram, SipFraming.Stream])
        {
            var result = SipParser.Parse(input, framing);
            GuardedRun.ThrowIfSwallowed(result.Error == "unparseable message", "SipParser");
            if (result.BytesConsumed < 0 || result.BytesConsumed > input.Length)
                throw new FuzzFindingException($"BytesConsumed {result.BytesConsumed} outside 0..{input.Length}");
            if (result.Success)
            {
                ReadAsTheCoreDoes(result.Message!);
                ParsesAgainOnceWritten(result.Message!);
            }
            else
            {
                _ = result.CreateErrorResponse()?.ToString();
            }
        }
    }

    private static void ParsesAgainOnceWritten(SipMessage message)
    {
        byte[] written = SipSerializer.Serialize(message);
        if (written.Length > SipParserOptions.Default.MaxMessageSize) return; // full header names can outgrow the limit
        var again = SipParser.Parse(written, SipFraming.Datagram);
        if (!again.Success)
            throw new FuzzFindingException($"accepted, then written as a message the parser rejects ({again.StatusCode} {again.Error}):\n"
                + System.Text.Encoding.UTF8.GetString(written));
    }

    internal static void ReadAsTheCoreDoes(SipMessage message)
    {
        if (message is SipRequest request)
        {
            Validator.Validate(request);
            Validator.Validate(request, actingAsProxy: true);
            _ = request.RequestUri.ToString();
        }
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.From?.ToString();
        _ = message.To?.Tag;
        foreach (var via in message.Vias) _ = via.ToString() + via.RPort + via.Received;
        _ = message.TopVia?.Branch;
        _ = message.MaxForwards;
        _ = message.ContentLength;
        _ = message.Expires;
        _ = message.IsContactStar;
        foreach (var contact in message.Contacts) _ = contact.ToString() + contact.Expires + contact.Q;
        foreach (var route in message.Routes) _ = route.SipUri?.ToString();
        _ = message.RecordRoutes;
        foreach (string header in (ReadOnlySpan<string>)[SipHeaderNames.Authorization, SipHeaderNames.ProxyAuthorization,
                     SipHeaderNames.WwwAuthenticate, SipHeaderNames.ProxyAuthenticate])
            foreach (var auth in message.GetAuths(header)) _ = auth.ToString();
        _ = SdpBody.Read(message);
        _ = message.ToString();
    }
}
