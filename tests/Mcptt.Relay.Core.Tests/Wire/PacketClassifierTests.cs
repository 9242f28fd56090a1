using Mcptt.Relay.Core.Tests.Support;
using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Core.Tests.Wire;

public sealed class PacketClassifierTests
{
    [Fact]
    public void RtpPort_Rtp_IsRtp() =>
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify(Packets.Rtp(1, 2, 3), arrivedOnRtcpPort: false));

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(204)]
    public void RtpPort_RtcpTypes200To204_AreRtcp_Rfc5761(byte type)
    {
        var rr = Packets.ReceiverReport(1, 2);
        rr[1] = type;
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(rr, arrivedOnRtcpPort: false));
    }

    [Theory]
    [InlineData(192)] // RTP PT 64 with marker: in the RFC 5761 conflict range
    [InlineData(207)]
    [InlineData(223)]
    public void RtpPort_OtherConflictRangeTypes_AreMalformed(byte second)
    {
        var p = Packets.Rtp(1, 2, 3);
        p[1] = second;
        Assert.Equal(PacketKind.Malformed, PacketClassifier.Classify(p, arrivedOnRtcpPort: false));
    }

    [Fact]
    public void RtcpPort_AcceptsFeedbackAndXr_RejectsRtp()
    {
        var fb = Packets.ReceiverReport(1, 2);
        fb[1] = 206;
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(fb, arrivedOnRtcpPort: true));
        Assert.Equal(PacketKind.Malformed, PacketClassifier.Classify(Packets.Rtp(1, 2, 3), arrivedOnRtcpPort: true));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x80, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 })] // STUN-like / V=0
    public void Garbage_IsMalformed(byte[] datagram)
    {
        Assert.Equal(PacketKind.Malformed, PacketClassifier.Classify(datagram, arrivedOnRtcpPort: false));
        Assert.Equal(PacketKind.Malformed, PacketClassifier.Classify(datagram, arrivedOnRtcpPort: true));
    }
}
