namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>Deterministic speech-band test audio for the media benchmarks (a codec's cost depends on what it codes).</summary>
internal static class BenchmarkSignals
{
    /// <summary>Two tones and some noise, <paramref name="seconds"/> long, interleaved for <paramref name="channels"/>.</summary>
    public static short[] Voice(int sampleRate, int seconds, int channels = 1, int seed = 1)
    {
        var random = new Random(seed);
        var pcm = new short[sampleRate * seconds * channels];
        for (int i = 0; i < pcm.Length / channels; i++)
        {
            double t = (double)i / sampleRate;
            double value = 6000 * Math.Sin(2 * Math.PI * (180 + 40 * Math.Sin(t * 3)) * t) + 3000 * Math.Sin(2 * Math.PI * 1250 * t)
                + random.Next(-800, 800);
            for (int c = 0; c < channels; c++) pcm[i * channels + c] = (short)value;
        }
        return pcm;
    }
}
