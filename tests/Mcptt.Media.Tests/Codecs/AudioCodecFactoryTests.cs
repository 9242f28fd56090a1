using Mcptt.Media.Codecs;

namespace Mcptt.Media.Tests.Codecs;

public class AudioCodecFactoryTests
{
    [Theory]
    [InlineData("PCMU", 8000, 1, 8000, 160)]
    [InlineData("pcma", 8000, 1, 8000, 160)]
    [InlineData("G722", 8000, 1, 16000, 320)]
    [InlineData("opus", 48000, 2, 48000, 960)]
    [InlineData("CODEC2", 8000, 1, 8000, 160)]
    public void CreatesFromSdpNames(string name, int clock, int channels, int sampleRate, int frameSamples)
    {
        using var codec = new AudioCodecFactory().Create(name, clock, channels);
        Assert.Equal(sampleRate, codec.Format.SampleRate);
        Assert.Equal(frameSamples, codec.Format.FrameSamples);
        Assert.Equal(clock, codec.Format.RtpClockRate);
    }

    [Theory]
    [InlineData("PCMU", 16000, 1, "PCMU/16000/1")]
    [InlineData("opus", 48000, 1, "opus/48000/1")]
    [InlineData("AMR", 8000, 1, "AMR/8000/1")]
    [InlineData("G729", 8000, 1, "G729")]
    [InlineData("telephone-event", 8000, 1, "TelephoneEvent")]
    public void RefusesWhatItCannotDoWithAClearMessage(string name, int clock, int channels, string mention)
    {
        Assert.False(new AudioCodecFactory().TryCreate(name, clock, channels, null, out var codec, out var error));
        Assert.Null(codec);
        Assert.Contains(mention, error);
    }

    [Fact]
    public void FmtpParsingIsTolerant()
    {
        var fmtp = FmtpParameters.Parse(" useinbandfec=1 ;MaxPlaybackRate = 16000;;flag; bad=x ");
        Assert.True(fmtp.Flag("USEINBANDFEC"));
        Assert.True(fmtp.TryGetInt("maxplaybackrate", out int rate));
        Assert.Equal(16000, rate);
        Assert.True(fmtp.TryGet("flag", out _));
        Assert.False(fmtp.TryGetInt("bad", out _));
        Assert.False(fmtp.Flag("missing"));
    }
}
