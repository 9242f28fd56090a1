using Mcptt.Client.Media;

namespace Mcptt.Client.Tests;

public class MuLawTests
{
    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    public void Known_code_points(short sample, byte expected) => Assert.Equal(expected, MuLaw.Encode(sample));

    [Fact]
    public void Every_code_decodes_and_re_encodes_to_itself_except_negative_zero()
    {
        for (int code = 0; code < 256; code++)
        {
            short decoded = MuLaw.Decode((byte)code);
            byte again = MuLaw.Encode(decoded);
            // 0x7F (-0) and 0xFF (+0) both decode to 0; 0 encodes as +0.
            Assert.Equal(code == 0x7F ? 0xFF : code, again);
        }
    }

    [Fact]
    public void Round_trip_error_is_within_the_segment_step()
    {
        for (int s = short.MinValue; s <= short.MaxValue; s += 7)
        {
            short back = MuLaw.Decode(MuLaw.Encode((short)s));
            int magnitude = Math.Abs(s);
            // Quantization step doubles per segment; 1/16 of the magnitude (+ bias) bounds it.
            int tolerance = Math.Max(8, (magnitude + 132) / 16);
            Assert.InRange(back, Math.Max(short.MinValue, s - tolerance), Math.Min(short.MaxValue, s + tolerance));
        }
    }

    [Fact]
    public void Decode_is_monotonic_within_each_sign()
    {
        for (int code = 0x80; code < 0xFF; code++)
        {
            Assert.True(MuLaw.Decode((byte)code) > MuLaw.Decode((byte)(code + 1)));
        }
    }

    [Fact]
    public void ALaw_decodes_known_values()
    {
        Assert.Equal(8, ALaw.Decode(0xD5));
        Assert.Equal(-8, ALaw.Decode(0x55));
        Assert.Equal(32256, ALaw.Decode(0xAA));
    }
}
