using System.Diagnostics;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Forwarding;

public sealed unsafe class SsrcRewriterTests
{
    private static readonly SsrcRewriter.Timing Timing = new(160, 8000);

    private static byte[] Rewrite(ref OutputState state, byte[] packet, uint outgoing, int legId, long arrival)
    {
        var header = new byte[12];
        fixed (byte* src = packet)
        fixed (byte* dst = header)
            SsrcRewriter.RewriteRtpHeader(ref state, outgoing, legId, src, dst, arrival, Timing);
        return header;
    }

    [Fact]
    public void FirstStream_KeepsItsNumbering_ButTakesTheOutgoingSsrc()
    {
        var state = new OutputState();
        var h = Rewrite(ref state, Packets.Rtp(500, 7000, 0x1), 0xFEED, 1, 0);
        Assert.Equal(500, Packets.Seq(h));
        Assert.Equal(7000u, Packets.Timestamp(h));
        Assert.Equal(0xFEEDu, Packets.Ssrc(h));
        Assert.False(Packets.Marker(h));
    }

    [Fact]
    public void TalkerChange_ContinuesSequence_AndAdvancesTimestampByTheRealGap()
    {
        var state = new OutputState();
        long t0 = 1_000_000;
        Rewrite(ref state, Packets.Rtp(65535, 4_294_967_000, 0x1), 0xFEED, 1, t0); // wraps next
        long gap = Stopwatch.Frequency / 2; // 500 ms of silence = 4000 ticks at 8 kHz
        var h = Rewrite(ref state, Packets.Rtp(10, 50, 0x2), 0xFEED, 2, t0 + gap);
        Assert.Equal(0, Packets.Seq(h));                                 // 65535 + 1 wraps to 0
        Assert.Equal(unchecked(4_294_967_000u + 4000u), Packets.Timestamp(h));
        Assert.True(Packets.Marker(h));
        var next = Rewrite(ref state, Packets.Rtp(11, 210, 0x2), 0xFEED, 2, t0 + gap + 1);
        Assert.Equal(1, Packets.Seq(next));
        Assert.Equal(160u, Packets.Timestamp(next) - Packets.Timestamp(h));
    }

    [Fact]
    public void TalkerChange_WithoutGap_StillAdvancesAtLeastOneFrame()
    {
        var state = new OutputState();
        Rewrite(ref state, Packets.Rtp(1, 1000, 0x1), 0xFEED, 1, 100);
        var h = Rewrite(ref state, Packets.Rtp(900, 5, 0x2), 0xFEED, 2, 100);
        Assert.Equal(2, Packets.Seq(h));
        Assert.Equal(1160u, Packets.Timestamp(h));
    }

    [Fact]
    public void Reordered_Packet_DoesNotMoveTheHighWaterMarkBack()
    {
        var state = new OutputState();
        Rewrite(ref state, Packets.Rtp(10, 1600, 0x1), 0xFEED, 1, 0);
        Rewrite(ref state, Packets.Rtp(12, 1920, 0x1), 0xFEED, 1, 0);
        var late = Rewrite(ref state, Packets.Rtp(11, 1760, 0x1), 0xFEED, 1, 0);
        Assert.Equal(11, Packets.Seq(late));
        var switched = Rewrite(ref state, Packets.Rtp(100, 0, 0x2), 0xFEED, 2, 0);
        Assert.Equal(13, Packets.Seq(switched));
    }

    [Fact]
    public void Rtcp_SenderSsrcsBecomeTheOutgoingSsrc_ReportBlocksMapBack()
    {
        var compound = Packets.SenderReportCompound(sender: 0x22, reportee: 0xB0);
        SsrcRewriter.RewriteRtcp(compound, destinationOutgoingSsrc: 0xC0, sourceOutgoingSsrc: 0xB0, destinationRealSsrc: 0x33);
        Assert.Equal(0xC0u, Packets.Word(compound, 4));   // SR sender
        Assert.Equal(0x33u, Packets.Word(compound, 28));  // report block
        Assert.Equal(0xC0u, Packets.Word(compound, 56));  // SDES chunk
    }

    [Fact]
    public void Rtcp_WithNothingToMap_IsUnchanged()
    {
        var compound = Packets.SenderReportCompound(0x22, 0xB0);
        var copy = compound.ToArray();
        SsrcRewriter.RewriteRtcp(compound, 0, 0, 0);
        Assert.Equal(copy, compound);
    }
}
