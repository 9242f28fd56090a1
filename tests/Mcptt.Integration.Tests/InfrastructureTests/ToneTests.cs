using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.InfrastructureTests;

/// <summary>The audio check the call tests rely on, verified against sox-made tones.</summary>
public sealed class ToneTests
{
    [Theory]
    [InlineData(1000.0)]
    [InlineData(440.0)]
    public async Task Sox_tone_is_measured_at_its_frequency_and_level(double frequency)
    {
        using var dir = new TempDirectory("tones");
        var wav = await Tones.SineAsync(dir.Path, frequency, seconds: 1, amplitude: 0.5);

        var analysis = AudioAnalysis.Analyze(wav);

        Assert.InRange(analysis.FrequencyHz, frequency * 0.98, frequency * 1.02);
        Assert.InRange(analysis.Rms, 0.33, 0.37); // 0.5 / sqrt(2)
        Assert.InRange(analysis.ActiveSeconds, 0.9, 1.01);
    }

    [Fact]
    public async Task Mu_law_conversion_keeps_the_tone()
    {
        using var dir = new TempDirectory("tones");
        var ulaw = await Tones.ToMuLawAsync(await Tones.SineAsync(dir.Path, 1000, seconds: 1));

        var audio = WavFile.Read(ulaw);
        var analysis = AudioAnalysis.Analyze(audio);

        Assert.Equal(8000, audio.SampleRate);
        Assert.Equal(8000, audio.Samples.Length);
        Assert.InRange(analysis.FrequencyHz, 980, 1020);
        Assert.InRange(analysis.Rms, 0.33, 0.37);
    }

    [Fact]
    public void Silence_has_no_active_part()
    {
        var analysis = AudioAnalysis.Analyze(new WavAudio(8000, 1, new float[8000]));

        Assert.Equal(0, analysis.ActiveSeconds);
        Assert.Equal(0, analysis.FrequencyHz);
    }

    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    public void Mu_law_expands_per_g711(byte encoded, short linear)
    {
        Assert.Equal(linear, G711.MuLawToLinear(encoded));
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void A_law_expands_per_g711(byte encoded, short linear)
    {
        Assert.Equal(linear, G711.ALawToLinear(encoded));
    }
}
