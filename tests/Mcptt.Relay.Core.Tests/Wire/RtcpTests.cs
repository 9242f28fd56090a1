using Mcptt.Relay.Core.Tests.Support;
using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Core.Tests.Wire;

public sealed class RtcpTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void CompoundReader_WalksEveryPacket()
    {
        var compound = Packets.SenderReportCompound(0x11, 0x22);
        var reader = new RtcpCompoundReader(compound);
        var types = new List<byte>();
        while (reader.TryNext(out var packet)) types.Add(packet.PacketType);
        Assert.Equal(WireError.None, reader.Error);
        Assert.Equal(new byte[] { 200, 202 }, types);
        Assert.Equal(compound.Length, reader.Offset);
    }

    [Theory]
    [InlineData("81 C9 0007 00000001", WireError.LengthOverrun)]        // RR claims 32 bytes, 8 arrived
    [InlineData("81 C9 00", WireError.TooShort)]
    [InlineData("41 C9 0001 00000001", WireError.BadVersion)]
    [InlineData("A0 C9 0001 00000001 80 C9 0000", WireError.PaddingNotLast)]
    [InlineData("A0 C9 0001 000000 05", WireError.BadPadding)]          // padding longer than body
    [InlineData("80 C9 0001 00000001 80 C9 00 05", WireError.LengthOverrun)] // second packet lies
    public void CompoundReader_StopsOnLyingOrBrokenInput(string hex, WireError expected)
    {
        Assert.Equal(expected, RtcpCompoundReader.Validate(Hex(hex)));
    }

    [Fact]
    public void SenderReport_ReadsSenderAndReportBlocks()
    {
        var compound = Packets.SenderReportCompound(0xAABBCCDD, 0x01020304);
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryNext(out var packet));
        Assert.Equal(WireError.None, RtcpSenderReport.TryRead(packet, out var sr));
        Assert.Equal(0xAABBCCDDu, sr.SenderSsrc);
        Assert.Equal(0x0102030405060708ul, sr.NtpTimestamp);
        Assert.Equal(160000u, sr.RtpTimestamp);
        Assert.Equal(50u, sr.PacketCount);
        Assert.Equal(8000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(0x01020304u, sr.GetReportBlock(0).Ssrc);
    }

    [Fact]
    public void ReceiverReport_ReadsAndRewritesBlocks()
    {
        var rr = Packets.ReceiverReport(0x10, 0x20);
        var reader = new RtcpCompoundReader(rr);
        Assert.True(reader.TryNext(out var packet));
        Assert.Equal(WireError.None, RtcpReceiverReport.TryRead(packet, out var report));
        Assert.Equal(0x10u, report.SenderSsrc);
        var block = report.GetReportBlock(0);
        Assert.Equal(0x20u, block.Ssrc);
        Assert.Equal(1234u, block.ExtendedHighestSequence);
        block.Ssrc = 0x99;
        report.SenderSsrc = 0x77;
        Assert.Equal(0x99u, Packets.Word(rr, 8));
        Assert.Equal(0x77u, Packets.Word(rr, 4));
    }

    [Fact]
    public void ReportCount_BeyondTheLength_IsRejected()
    {
        var rr = Packets.ReceiverReport(0x10, 0x20);
        rr[0] = 0x82; // RC = 2 but only one block
        var reader = new RtcpCompoundReader(rr);
        Assert.True(reader.TryNext(out var packet));
        Assert.Equal(WireError.ReportCountOverrun, RtcpReceiverReport.TryRead(packet, out _));
    }

    [Fact]
    public void App_ReadsNameSubtypeAndData()
    {
        var app = Packets.App("MCPT", 0x5555, subtype: 4, dataLength: 4);
        var reader = new RtcpCompoundReader(app);
        Assert.True(reader.TryNext(out var packet));
        Assert.Equal(WireError.None, RtcpApp.TryRead(packet, out var view));
        Assert.True(view.IsMcptt);
        Assert.Equal(4, view.Subtype);
        Assert.Equal(0x5555u, view.Ssrc);
        Assert.Equal("MCPT"u8.ToArray(), view.Name.ToArray());
        Assert.Equal(4, view.ApplicationData.Length);
        Assert.True(PacketClassifier.IsMcpttFloorControl(app));
        Assert.False(PacketClassifier.IsMcpttFloorControl(Packets.App("MCPC", 1)));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(99);
        var buffer = new byte[96];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            buffer[1] = (byte)(200 + random.Next(0, 8));
            int length = random.Next(0, buffer.Length + 1);
            var span = buffer.AsSpan(0, length);
            var reader = new RtcpCompoundReader(span);
            int total = 0;
            while (reader.TryNext(out var packet)) total += packet.Length;
            if (reader.Error == WireError.None) Assert.Equal(length, total);
            PacketClassifier.Classify(span, arrivedOnRtcpPort: true);
            PacketClassifier.IsMcpttFloorControl(span);
        }
    }
}
