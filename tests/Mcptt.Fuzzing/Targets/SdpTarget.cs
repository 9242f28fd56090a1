using System.Net;
using Mcptt.Floor.Sdp;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// An SDP body as the B2BUA handles an offer: parse, judge what can be anchored, rewrite it onto relay
/// ports, read the MCPTT floor parameters, and write it out for the other side. Crash: any exception
/// (SdpParser documents errors as values), or a description it accepted whose rewrite it rejects.
/// </summary>
internal sealed class SdpTarget : FuzzTarget
{
    private static readonly IPAddress Relay = IPAddress.Parse("192.0.2.10");

    public override string Name => "sdp";

    public override string Description => "SdpParser, SdpAnchor.Assess/Apply, fmtp:MCPTT, SdpWriter; crash = exception or rewrite not re-parseable";

    public override void Run(ReadOnlySpan<byte> input)
    {
        // Invalid UTF-8 is rejected by the decoder's exception (a documented error value, ~1 ms each): one
        // branch, covered by SdpParserTests, that would otherwise take most of the fuzzing time.
        if (!System.Text.Unicode.Utf8.IsValid(input)) return;
        var parsed = SdpParser.Parse(input);
        if (!parsed.Ok) return;
        var sdp = parsed.Sdp;
        foreach (var media in sdp.Media)
        {
            _ = media.Direction;
            _ = media.Rtcp;
            if (media.IsMcpttFloorChannel && media.GetFmtp(McpttFmtp.Format) is { } fmtp) _ = McpttFmtp.Parse(fmtp);
        }
        var assessment = SdpAnchor.Assess(sdp);
        if (!assessment.Ok) return;
        var legs = new LegHandle?[sdp.Media.Count];
        for (int i = 0; i < legs.Length; i++) legs[i] = new LegHandle(i + 1, 40000 + 2 * i, 40001 + 2 * i);
        var rewritten = SdpAnchor.Apply(sdp, assessment.Plan, Relay, legs);
        string text = rewritten.ToString();
        var again = SdpParser.Parse(text);
        if (!again.Ok) throw new FuzzFindingException("the rewritten SDP does not parse: " + again.Error + "\n" + text);
    }
}
