namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// Datagrams arriving on a leg's RTP port (RTP, or RTCP multiplexed by RFC 5761 packet type) through the
/// forwarding pipeline. Crash: any exception (the per-packet path must drop malformed input and count it),
/// a send larger than what arrived, or an allocation on the per-packet path.
/// Input format: see <see cref="PipelineHarness"/>.
/// </summary>
internal sealed class RtpTarget : FuzzTarget
{
    private PipelineHarness? _harness;

    public override string Name => "rtp";

    public override string Description => "ForwardingPipeline on the RTP port (PacketClassifier, RtpPacket, rtcp-mux, SSRC rewrite, voice detection)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        _harness ??= new PipelineHarness();
        Span<byte> copy = stackalloc byte[Math.Min(input.Length, 8192)];
        input[..copy.Length].CopyTo(copy);
        copy[0] &= 0xFE; // arrived on the RTP port
        _harness.Run(copy);
    }
}
