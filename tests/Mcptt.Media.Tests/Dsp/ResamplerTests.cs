using Mcptt.Media.Dsp;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Dsp;

public class ResamplerTests
{
    /// <summary>Runs a tone through the resampler in 20 ms blocks and returns the steady-state output.</summary>
    private static short[] Run(int from, int to, double frequency, double amplitude = 10000, int seconds = 1)
    {
        var resampler = new Resampler(from, to);
        var input = TestSignals.Tone(frequency, from, from * seconds, amplitude);
        var output = new short[to * seconds];
        int block = from / 50;
        for (int i = 0; i < input.Length / block; i++)
            Assert.True(resampler.Process(input.AsSpan(i * block, block), output.AsSpan(i * (to / 50))).Ok);
        return output[(to / 5)..]; // skip 200 ms of filter start
    }

    [Theory]
    [InlineData(48000, 8000)]
    [InlineData(8000, 48000)]
    [InlineData(16000, 8000)]
    [InlineData(8000, 16000)]
    [InlineData(48000, 16000)]
    [InlineData(16000, 48000)]
    public void PassbandRippleIsUnderHalfADecibel(int from, int to)
    {
        double nyquist = Math.Min(from, to) / 2.0;
        foreach (double fraction in new[] { 0.05, 0.25, 0.5, 0.75, 0.84 })
        {
            double frequency = Math.Round(fraction * nyquist);
            var output = Run(from, to, frequency);
            double gainDb = TestSignals.Db(TestSignals.Magnitude(output, frequency, to) / 10000);
            Assert.True(Math.Abs(gainDb) < 0.5, $"{from}->{to}: {frequency} Hz at {gainDb:F2} dB");
        }
    }

    [Theory]
    [InlineData(48000, 8000, 4000)]
    [InlineData(48000, 8000, 4400)]
    [InlineData(48000, 8000, 11000)]
    [InlineData(16000, 8000, 4200)]
    [InlineData(16000, 8000, 7000)]
    [InlineData(48000, 16000, 8000)]
    [InlineData(48000, 16000, 9500)]
    public void ToneAboveTheTargetNyquistIsAttenuatedBy60Db(int from, int to, double frequency)
    {
        var output = Run(from, to, frequency);
        double levelDb = TestSignals.Db(Math.Max(TestSignals.Rms(output) * Math.Sqrt(2), 1e-3) / 10000);
        Assert.True(levelDb < -60, $"{from}->{to}: {frequency} Hz leaks at {levelDb:F1} dB");
    }

    [Theory]
    [InlineData(8000, 48000, 1000, 7000)]
    [InlineData(8000, 48000, 3000, 5000)]
    [InlineData(8000, 16000, 1000, 7000)]
    [InlineData(16000, 48000, 2000, 14000)]
    public void UpsamplingImagesAreAttenuatedBy60Db(int from, int to, double tone, double image)
    {
        var output = Run(from, to, tone);
        double imageDb = TestSignals.Db(TestSignals.Magnitude(output, image, to) / TestSignals.Magnitude(output, tone, to));
        Assert.True(imageDb < -60, $"image at {image} Hz: {imageDb:F1} dB");
    }

    [Fact]
    public void FullScaleInputSaturatesInsteadOfWrapping()
    {
        var output = Run(8000, 48000, 1000, amplitude: 32767);
        Assert.True(output.Max() > 32000 && output.Min() < -32000);
        // A wrap would put a large negative right after a large positive sample.
        for (int i = 1; i < output.Length; i++) Assert.True(Math.Abs(output[i] - output[i - 1]) < 20000);
    }

    [Fact]
    public void BadBlockSizesAreErrorValues()
    {
        var down = new Resampler(48000, 8000);
        Assert.Equal(MediaError.BadFrameSize, down.Process(new short[961], new short[200]).Error);
        Assert.Equal(MediaError.BadFrameSize, down.Process(new short[1920], new short[400]).Error);
        Assert.Equal(MediaError.OutputTooSmall, down.Process(new short[960], new short[100]).Error);
        var same = new Resampler(16000, 16000);
        Assert.True(same.Passthrough);
        Assert.Equal(320, same.Process(new short[320], new short[320]).Count);
    }

    [Fact]
    public void ProcessDoesNotAllocate()
    {
        var up = new Resampler(8000, 48000);
        var down = new Resampler(48000, 8000);
        var narrow = TestSignals.Tone(440, 8000, 160);
        var wide = new short[960];
        var back = new short[160];
        Assert.Equal(0, Allocations.Of(() =>
        {
            up.Process(narrow, wide);
            down.Process(wide, back);
        }));
    }
}
