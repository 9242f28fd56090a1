using System.Text;
using Mcptt.Floor.Sdp;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// The a=fmtp:MCPTT parameter list (TS 24.380 §12.1.2) as the floor negotiation reads it, then the answer
/// built from it. Crash: any exception (errors are values), or an accepted list whose own formatting is
/// not accepted again with the same meaning.
/// </summary>
internal sealed class McpttFmtpTarget : FuzzTarget
{
    private static readonly McpttAnswerPolicy Policy = new(QueueingSupported: true, MaxPriority: 7, FloorGrantedImmediately: true, Ssrc: 0x1234);

    public override string Name => "fmtp";

    public override string Description => "McpttFmtp.Parse and the negotiated answer; crash = exception or format/parse mismatch";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var parsed = McpttFmtp.Parse(Encoding.UTF8.GetString(input));
        if (!parsed.Success) return;
        var offer = parsed.Value!;
        var answer = McpttFmtpNegotiation.Answer(offer, Policy);
        _ = McpttFmtpNegotiation.Narrow(offer, answer);
        string formatted = offer.FormatParameters();
        if (formatted.Length == 0) return;
        var again = McpttFmtp.Parse(formatted);
        if (again.Value != offer) throw new FuzzFindingException($"'{formatted}' does not parse back to what it was written from ({again.Error})");
    }
}
