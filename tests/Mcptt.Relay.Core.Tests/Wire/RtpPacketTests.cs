using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Core.Tests.Wire;

public sealed class RtpPacketTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Parses_FixedHeader_Fields()
    {
        //            V2 M|PT=8 seq=0x1234 ts=0xDEADBEEF ssrc=0x01020304 payload
        var data = Hex("80 88 1234 DEADBEEF 01020304 AABBCC");
        Assert.Equal(WireError.None, RtpPacket.TryParse(data, out var p));
        Assert.Equal(2, p.Version);
        Assert.True(p.Marker);
        Assert.Equal(8, p.PayloadType);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, p.Timestamp);
        Assert.Equal(0x01020304u, p.Ssrc);
        Assert.Equal(12, p.HeaderLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, p.Payload.ToArray());
    }

    [Fact]
    public void Parses_Csrcs_Extension_AndPadding()
    {
        //            V2 P X CC=2   seq  ts       ssrc     csrc1    csrc2    ext: profile BEDE, 1 word  payload padding (3, last octet = count)
        var data = Hex("B2 00 0001 00000002 00000003 00000011 00000022 BEDE0001 10FF0000        5566    000003");
        Assert.Equal(WireError.None, RtpPacket.TryParse(data, out var p));
        Assert.True(p.HasPadding);
        Assert.True(p.HasExtension);
        Assert.Equal(2, p.CsrcCount);
        Assert.Equal(0x22u, p.GetCsrc(1));
        Assert.Equal(12 + 8 + 8, p.HeaderLength);
        Assert.Equal(3, p.PaddingLength);
        Assert.Equal(new byte[] { 0x55, 0x66 }, p.Payload.ToArray());
    }

    [Theory]
    [InlineData("80 00 0001 00000002", WireError.TooShort)]                       // 8 bytes
    [InlineData("40 00 0001 00000002 00000003", WireError.BadVersion)]            // V=1
    [InlineData("83 00 0001 00000002 00000003 00000004", WireError.CsrcOverrun)]  // CC=3, one CSRC present
    [InlineData("90 00 0001 00000002 00000003 BEDE", WireError.ExtensionOverrun)] // extension header cut
    [InlineData("90 00 0001 00000002 00000003 BEDE0004 00000000", WireError.ExtensionOverrun)] // length lies
    [InlineData("A0 00 0001 00000002 00000003 AA 00", WireError.BadPadding)]      // pad count 0
    [InlineData("A0 00 0001 00000002 00000003 AA 09", WireError.BadPadding)]      // pad longer than payload
    public void Rejects_Hostile_Headers_WithAnErrorValue(string hex, WireError expected)
    {
        Assert.Equal(expected, RtpPacket.TryParse(Hex(hex), out _));
    }

    [Fact]
    public void Setters_WriteInPlace()
    {
        var data = Hex("80 00 0001 00000002 00000003");
        Assert.Equal(WireError.None, RtpPacket.TryParse(data, out var p));
        p.SequenceNumber = 0xFFFE;
        p.Timestamp = 0x11223344;
        p.Ssrc = 0xCAFEBABE;
        p.Marker = true;
        Assert.Equal(Hex("80 80 FFFE 11223344 CAFEBABE"), data);
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(0, buffer.Length + 1);
            var error = RtpPacket.TryParse(buffer.AsSpan(0, length), out var p);
            if (error == WireError.None) Assert.True(p.HeaderLength + p.PaddingLength <= length);
        }
    }
}
