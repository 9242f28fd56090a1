using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.Opus;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Codecs;

public class OpusTests
{
    public static TheoryData<OpusImplementation> Implementations() => [OpusImplementation.LibOpus, OpusImplementation.Concentus];

    private static IAudioCodec Create(OpusImplementation implementation, string? fmtp = null) =>
        new AudioCodecFactory(new CodecLibraryOptions { Opus = implementation }).Create("opus", 48000, 2, fmtp);

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ToneSurvivesTheRoundTrip(OpusImplementation implementation)
    {
        using var codec = Create(implementation);
        var pcm = TestSignals.Tone(1000, 48000, 48000, amplitude: 8000);
        var decoded = new short[pcm.Length];
        var payload = new byte[1275];
        for (int f = 0; f < 50; f++)
        {
            var encoded = codec.Encode(pcm.AsSpan(f * 960, 960), payload);
            Assert.True(encoded.Ok && encoded.Count is > 10 and < 200, $"{encoded}");
            Assert.Equal(960, codec.Decode(payload.AsSpan(0, encoded.Count), decoded.AsSpan(f * 960)).Count);
        }
        var tail = decoded.AsSpan(24000);
        Assert.InRange(TestSignals.Magnitude(tail, 1000, 48000), 6000, 10000);
        Assert.True(TestSignals.Magnitude(tail, 3000, 48000) < 300);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void StereoFmtpGivesTwoChannelsAndBitrateIsCapped(OpusImplementation implementation)
    {
        using var codec = Create(implementation, "stereo=1; sprop-stereo=1; maxaveragebitrate=16000");
        Assert.Equal(2, codec.Format.Channels);
        var pcm = new short[1920];
        var tone = TestSignals.Tone(440, 48000, 960, 8000);
        for (int i = 0; i < 960; i++) pcm[2 * i] = tone[i];
        var payload = new byte[1275];
        int total = 0;
        for (int f = 0; f < 50; f++) total += codec.Encode(pcm, payload).Count;
        Assert.InRange(total * 8, 8000, 20000); // bits in one second: the 16 kbit/s cap holds
    }

    [Fact]
    public void FmtpIsHonoured()
    {
        var settings = OpusSettings.FromFmtp(FmtpParameters.Parse("useinbandfec=1;maxplaybackrate=16000;maxaveragebitrate=20000"));
        Assert.True(settings.InbandFec);
        Assert.Equal(1103, settings.MaxBandwidthCode); // wideband
        Assert.Equal(20000, settings.Bitrate);
        Assert.Equal(1, settings.Channels);
        var plain = OpusSettings.FromFmtp(FmtpParameters.Empty);
        Assert.False(plain.InbandFec);
        Assert.Equal(OpusSettings.DefaultBitrate, plain.Bitrate);
        Assert.Equal(2, OpusSettings.FromFmtp(FmtpParameters.Parse("sprop-stereo=1")).Channels);
        Assert.False(OpusSettings.FromFmtp(FmtpParameters.Parse("sprop-stereo=1")).EncodeStereo);
    }

    [Fact]
    public void MaxPlaybackRateLimitsTheEncodedBandwidth()
    {
        using var codec = Create(OpusImplementation.LibOpus, "maxplaybackrate=8000");
        var pcm = TestSignals.Tone(6000, 48000, 48000, amplitude: 8000);
        var decoded = new short[pcm.Length];
        var payload = new byte[1275];
        for (int f = 0; f < 50; f++)
        {
            var encoded = codec.Encode(pcm.AsSpan(f * 960, 960), payload);
            codec.Decode(payload.AsSpan(0, encoded.Count), decoded.AsSpan(f * 960));
        }
        Assert.True(TestSignals.Magnitude(decoded.AsSpan(24000), 6000, 48000) < 400, "6 kHz must not pass a narrowband encoder");
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void FecRecoversALostFrameFromTheNextPacket(OpusImplementation implementation)
    {
        using var sender = Create(implementation, "useinbandfec=1");
        using var receiver = Create(implementation, "useinbandfec=1");
        var pcm = TestSignals.Tone(700, 48000, 48000, amplitude: 8000);
        var packets = new byte[50][];
        var payload = new byte[1275];
        for (int f = 0; f < 50; f++) packets[f] = payload.AsSpan(0, sender.Encode(pcm.AsSpan(f * 960, 960), payload).Count).ToArray();
        var output = new short[960];
        for (int f = 0; f < 30; f++) receiver.Decode(packets[f], output);
        var concealed = receiver.Conceal(packets[31], output); // frame 30 lost
        Assert.Equal(960, concealed.Count);
        Assert.InRange(TestSignals.Magnitude(output, 700, 48000), 2000, 12000);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void DecodesStraightToTheMixerRate(OpusImplementation implementation)
    {
        using var codec = new AudioCodecFactory(new CodecLibraryOptions { Opus = implementation, OpusPcmSampleRate = 16000 }).Create("opus", 48000, 2);
        Assert.Equal(16000, codec.Format.SampleRate);
        Assert.Equal(320, codec.Format.FrameSamples);
        Assert.Equal(960, codec.Format.RtpTimestampPerFrame); // the RTP clock stays 48 kHz
        var pcm = TestSignals.Tone(1000, 16000, 16000, amplitude: 8000);
        var decoded = new short[pcm.Length];
        var payload = new byte[1275];
        for (int f = 0; f < 50; f++)
        {
            var encoded = codec.Encode(pcm.AsSpan(f * 320, 320), payload);
            Assert.Equal(320, codec.Decode(payload.AsSpan(0, encoded.Count), decoded.AsSpan(f * 320)).Count);
        }
        Assert.InRange(TestSignals.Magnitude(decoded.AsSpan(8000), 1000, 16000), 6000, 10000);
    }

    [Fact]
    public void MalformedPayloadIsAnErrorValue()
    {
        using var codec = Create(OpusImplementation.LibOpus);
        var output = new short[5760];
        Assert.Equal(MediaError.InvalidPayload, codec.Decode([0xFF, 0xFF, 0xFF], output).Error);
        Assert.Equal(MediaError.InvalidPayload, codec.Decode([], output).Error);
        Assert.Equal(MediaError.BadFrameSize, codec.Encode(new short[100], new byte[100]).Error);
    }

    [Fact]
    public void MissingLibOpusGivesAnErrorNamingTheLibrary()
    {
        var factory = new AudioCodecFactory(new CodecLibraryOptions { LibOpus = "libopus-missing.so.9" });
        Assert.False(factory.TryCreate("opus", 48000, 2, null, out _, out var error));
        Assert.Contains("libopus-missing.so.9", error);
        Assert.Contains("libopus0", error);
        var thrown = Assert.Throws<CodecUnavailableException>(() => factory.Create("opus", 48000, 2));
        Assert.Contains("libopus-missing.so.9", thrown.Message);
    }

    [Fact]
    public void LibOpusFramesDoNotAllocate()
    {
        using var codec = Create(OpusImplementation.LibOpus, "useinbandfec=1");
        var pcm = TestSignals.Tone(1000, 48000, 960);
        var payload = new byte[1275];
        var output = new short[960];
        Assert.Equal(0, Allocations.Of(() =>
        {
            var encoded = codec.Encode(pcm, payload);
            codec.Decode(payload.AsSpan(0, encoded.Count), output);
            codec.Conceal(payload.AsSpan(0, encoded.Count), output);
        }));
    }
}
