using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.G711;
using Mcptt.Media.Simd;

namespace Mcptt.Media.Tests.Codecs;

public class G711Tests
{
    public static TheoryData<SimdWidth> Widths()
    {
        var data = new TheoryData<SimdWidth>();
        foreach (var width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
            if (SimdSupport.IsSupported(width)) data.Add(width);
        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryCodeDecodesToTheReferenceLevel(SimdWidth width)
    {
        var codes = new byte[256];
        for (int i = 0; i < 256; i++) codes[i] = (byte)i;
        var mu = new short[256];
        var a = new short[256];
        G711Transcoder.Decode(G711Law.MuLaw, codes, mu, width);
        G711Transcoder.Decode(G711Law.ALaw, codes, a, width);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(G711ReferenceModel.MuLawExpand((byte)i), mu[i]);
            Assert.Equal(G711ReferenceModel.ALawExpand((byte)i), a[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EverySixteenBitSampleEncodesToTheReferenceCode(SimdWidth width)
    {
        var pcm = new short[65536];
        for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)(i - 32768);
        var mu = new byte[pcm.Length];
        var a = new byte[pcm.Length];
        G711Transcoder.Encode(G711Law.MuLaw, pcm, mu, width);
        G711Transcoder.Encode(G711Law.ALaw, pcm, a, width);
        for (int i = 0; i < pcm.Length; i++)
        {
            if (mu[i] != G711ReferenceModel.MuLawCompress(pcm[i])) Assert.Fail($"µ-law {pcm[i]}: {mu[i]:X2}");
            if (a[i] != G711ReferenceModel.ALawCompress(pcm[i])) Assert.Fail($"A-law {pcm[i]}: {a[i]:X2}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void OddLengthsUseTheScalarTailCorrectly(SimdWidth width)
    {
        var pcm = new short[37];
        for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)(i * 1777 - 30000);
        var codes = new byte[37];
        G711Transcoder.Encode(G711Law.ALaw, pcm, codes, width);
        for (int i = 0; i < pcm.Length; i++) Assert.Equal(G711ReferenceModel.ALawCompress(pcm[i]), codes[i]);
    }

    [Theory]
    // Values from the G.711 tables (µ-law Table 2a, A-law Table 1a), scaled to 16 bits.
    [InlineData(G711Law.MuLaw, 0xFF, 0)]
    [InlineData(G711Law.MuLaw, 0x7F, 0)]
    [InlineData(G711Law.MuLaw, 0xFE, 8)]
    [InlineData(G711Law.MuLaw, 0x80, 32124)]
    [InlineData(G711Law.MuLaw, 0x00, -32124)]
    [InlineData(G711Law.MuLaw, 0xEF, 132)]     // first level of segment 2: 33 in 14-bit units
    [InlineData(G711Law.ALaw, 0xD5, 8)]
    [InlineData(G711Law.ALaw, 0x55, -8)]
    [InlineData(G711Law.ALaw, 0xAA, 32256)]
    [InlineData(G711Law.ALaw, 0x2A, -32256)]
    [InlineData(G711Law.ALaw, 0xC5, 264)]      // first level of segment 2: 33 in 13-bit units
    public void TableValues(G711Law law, int code, int expected)
    {
        Span<short> pcm = stackalloc short[1];
        G711Transcoder.Decode(law, [(byte)code], pcm);
        Assert.Equal(expected, pcm[0]);
    }

    [Fact]
    public void EncodeOfADecodedLevelGivesBackTheCode()
    {
        for (int code = 0; code < 256; code++)
        {
            short a = G711ReferenceModel.ALawExpand((byte)code);
            Assert.Equal(code, G711Scalar.EncodeALaw(a));
            short mu = G711ReferenceModel.MuLawExpand((byte)code);
            Assert.Equal(code == 0x7F ? 0xFF : code, G711Scalar.EncodeMuLaw(mu)); // the negative zero encodes as +0
        }
    }

    [Fact]
    public void CodecChecksFrameAndBufferSizes()
    {
        using var codec = new G711Codec(G711Law.MuLaw);
        Assert.Equal(MediaError.BadFrameSize, codec.Encode(new short[159], new byte[160]).Error);
        Assert.Equal(MediaError.OutputTooSmall, codec.Encode(new short[160], new byte[100]).Error);
        Assert.Equal(MediaError.OutputTooSmall, codec.Decode(new byte[160], new short[10]).Error);
        Assert.Equal(MediaError.InvalidPayload, codec.Decode([], new short[10]).Error);
        Assert.Equal(MediaError.NotSupported, codec.Conceal([], new short[160]).Error);
        Assert.Equal(160, codec.Decode(new byte[160], new short[160]).Count);
    }
}
