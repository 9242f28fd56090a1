using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.Codec2;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Codecs;

public class Codec2Tests
{
    [Theory]
    [InlineData(null, 160, 8)]
    [InlineData("mode=3200", 160, 8)]
    [InlineData("mode=2400", 160, 6)]
    [InlineData("mode=1200", 320, 6)]
    [InlineData("mode=700C", 320, 4)]
    public void ModesHaveTheirFrameSizes(string? fmtp, int samples, int bytes)
    {
        using var codec = new AudioCodecFactory().Create("CODEC2", 8000, 1, fmtp);
        Assert.Equal(samples, codec.Format.FrameSamples);
        Assert.Equal(bytes, codec.Format.MaxPayloadBytes);
    }

    [Fact]
    public void VoicedSignalKeepsItsPitchThroughTheCodec()
    {
        using var codec = new AudioCodecFactory().Create("CODEC2", 8000, 1, "mode=3200");
        // A 200 Hz pulse-rich tone (speech-like harmonics): a vocoder keeps the fundamental.
        var pcm = new short[8000];
        for (int i = 0; i < pcm.Length; i++)
            pcm[i] = (short)(4000 * Math.Sin(2 * Math.PI * 200 * i / 8000) + 2000 * Math.Sin(2 * Math.PI * 400 * i / 8000) + 1000 * Math.Sin(2 * Math.PI * 600 * i / 8000));
        var decoded = new short[pcm.Length];
        var payload = new byte[8];
        for (int f = 0; f < 50; f++)
        {
            Assert.Equal(8, codec.Encode(pcm.AsSpan(f * 160, 160), payload).Count);
            Assert.Equal(160, codec.Decode(payload, decoded.AsSpan(f * 160)).Count);
        }
        var tail = decoded.AsSpan(4000);
        Assert.True(TestSignals.Rms(tail) > 500, $"rms {TestSignals.Rms(tail)}");
        Assert.True(TestSignals.Magnitude(tail, 200, 8000) > 3 * TestSignals.Magnitude(tail, 1500, 8000));
    }

    [Fact]
    public void WrongPayloadLengthIsAnErrorValue()
    {
        using var codec = new AudioCodecFactory().Create("CODEC2", 8000, 1, "mode=3200");
        Assert.Equal(MediaError.InvalidPayload, codec.Decode(new byte[7], new short[320]).Error);
        Assert.Equal(MediaError.OutputTooSmall, codec.Decode(new byte[16], new short[160]).Error);
        Assert.Equal(320, codec.Decode(new byte[16], new short[320]).Count); // two frames in one packet
    }

    [Fact]
    public void MissingLibraryGivesAnErrorNamingIt()
    {
        var factory = new AudioCodecFactory(new CodecLibraryOptions { LibCodec2 = "libcodec2-missing.so.0" });
        Assert.False(factory.TryCreate("CODEC2", 8000, 1, "mode=3200", out var codec, out var error));
        Assert.Null(codec);
        Assert.Contains("libcodec2-missing.so.0", error);
        Assert.Contains(Codec2Codec.DebianPackage, error);
    }

    [Fact]
    public void UnknownModeIsRefused()
    {
        Assert.False(new AudioCodecFactory().TryCreate("CODEC2", 8000, 1, "mode=9999", out _, out var error));
        Assert.Contains("9999", error);
    }
}
