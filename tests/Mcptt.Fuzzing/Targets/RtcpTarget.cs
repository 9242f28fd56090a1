using Mcptt.Relay.Core.Wire;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// Compound RTCP arriving on a leg's RTCP port through the forwarding pipeline (validation, MCPTT floor
/// divert, SSRC remapping of SR/RR report blocks and feedback), then every packet of the first datagram
/// read through the typed views (SR, RR, report blocks, APP). Crash: any exception, or an allocation on
/// the per-packet path.
/// Input format: see <see cref="PipelineHarness"/>.
/// </summary>
internal sealed class RtcpTarget : FuzzTarget
{
    private PipelineHarness? _harness;

    public override string Name => "rtcp";

    public override string Description => "ForwardingPipeline on the RTCP port and the RTCP typed views (SR, RR, report blocks, APP)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        _harness ??= new PipelineHarness();
        Span<byte> copy = stackalloc byte[Math.Min(input.Length, 8192)];
        input[..copy.Length].CopyTo(copy);
        copy[0] |= 1; // arrived on the RTCP port
        _harness.Run(copy);
        if (copy.Length > 3) ReadViews(copy[3..]);
    }

    private static void ReadViews(Span<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryNext(out var packet))
        {
            if (RtcpSenderReport.TryRead(packet, out var sr) == WireError.None)
            {
                _ = sr.SenderSsrc + sr.PacketCount + sr.OctetCount;
                for (int i = 0; i < sr.ReportCount; i++) _ = sr.GetReportBlock(i).Ssrc + sr.GetReportBlock(i).ExtendedHighestSequence;
            }
            if (RtcpReceiverReport.TryRead(packet, out var rr) == WireError.None)
                for (int i = 0; i < rr.ReportCount; i++) _ = rr.GetReportBlock(i).FractionLost + rr.GetReportBlock(i).Jitter;
            if (RtcpApp.TryRead(packet, out var app) == WireError.None) _ = app.Ssrc + app.ApplicationData.Length + (app.IsMcptt ? 1 : 0);
        }
    }
}
