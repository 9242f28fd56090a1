using System.Text;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sip;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// A SIP body and its Content-Type as the call controller reads an MCPTT INVITE (SDP alone or inside
/// multipart/mixed with the mcptt-info XML) and writes the rewritten SDP back into the same multipart
/// body. Input: the Content-Type value up to the first LF, then the body.
/// Crash: any exception, or a body the controller wrote that it cannot read its SDP back from.
/// </summary>
internal sealed class MultipartTarget : FuzzTarget
{
    private static readonly AddressUri Target = AddressUri.TryParse("sip:bob@192.0.2.1", out var uri) ? uri : throw new InvalidOperationException();

    public override string Name => "multipart";

    public override string Description => "SipMultipart.TryParse via SdpBody.Read/Write (Content-Type + body); crash = exception or unreadable rewrite";

    public override void Run(ReadOnlySpan<byte> input)
    {
        int lf = input.IndexOf((byte)'\n');
        if (lf < 0) return;
        var message = new SipRequest(SipMethods.Invite, Target);
        message.Headers.Add(SipHeaderNames.ContentType, Encoding.UTF8.GetString(input[..lf]).Trim());
        message.Body = input[(lf + 1)..].ToArray();

        if (message.ContentType is { } type && SipMultipart.TryParse(type, message.Body, out var parts))
            foreach (var part in parts) _ = part.ContentType?.Essence;

        var read = SdpBody.Read(message);
        if (read.Kind != SdpBody.Kind.Sdp) return;
        var rewritten = new SipRequest(SipMethods.Invite, Target);
        SdpBody.Write(rewritten, read.Sdp!, message);
        var again = SdpBody.Read(rewritten);
        if (again.Kind != SdpBody.Kind.Sdp)
            throw new FuzzFindingException($"the rewritten body lost its SDP ({again.Kind}: {again.Error})\n{rewritten.BodyText}");
    }
}
