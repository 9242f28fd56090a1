using Mcptt.Media.Codecs;

namespace Mcptt.Media.Tests.Codecs;

public class TelephoneEventTests
{
    [Theory]
    // Built from the RFC 4733 §2.3 layout: digit 9 at −10 dBm0, 200 ms at 8 kHz, end bit set.
    [InlineData("098A0640", 9, true, 10, 1600)]
    // Digit 1 (first packet of an event, 50 ms in, −7 dBm0).
    [InlineData("01070190", 1, false, 7, 400)]
    // '#' (event 11) at the quietest volume, maximum duration.
    [InlineData("0BBFFFFF", 11, true, 63, 65535)]
    public void ReadsAndWritesTheRfcLayout(string hex, int code, bool end, int volume, int duration)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.True(TelephoneEvent.TryRead(bytes, out var e));
        Assert.Equal(new TelephoneEvent((byte)code, end, (byte)volume, (ushort)duration), e);
        var written = new byte[4];
        Assert.True(e.TryWrite(written));
        Assert.Equal(hex, Convert.ToHexString(written));
    }

    [Fact]
    public void ReservedBitIsIgnoredOnReadAndClearedOnWrite()
    {
        Assert.True(TelephoneEvent.TryRead(Convert.FromHexString("05CA00A0"), out var e)); // R bit set
        Assert.True(e.End);
        Assert.Equal(10, e.Volume);
        var written = new byte[4];
        e.TryWrite(written);
        Assert.Equal("058A00A0", Convert.ToHexString(written));
    }

    [Fact]
    public void ShortPayloadsAndBadVolumesAreRefused()
    {
        Assert.False(TelephoneEvent.TryRead(new byte[3], out _));
        Assert.False(new TelephoneEvent(1, false, 64, 0).TryWrite(new byte[4]));
        Assert.False(new TelephoneEvent(1, false, 1, 0).TryWrite(new byte[3]));
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('a', 12)]
    [InlineData('D', 15)]
    [InlineData('x', -1)]
    public void DigitCodes(char digit, int code)
    {
        Assert.Equal(code, DtmfDigits.ToEvent(digit));
        if (code >= 0) Assert.Equal(char.ToUpperInvariant(digit), DtmfDigits.ToChar(code));
    }
}
