namespace Mcptt.Media.Tests.Support;

/// <summary>Deterministic test signals and measurements shared by the codec, resampler, mixer and DTMF tests.</summary>
internal static class TestSignals
{
    public static short[] Tone(double frequency, int sampleRate, int samples, double amplitude = 10000, double phase = 0)
    {
        var pcm = new short[samples];
        for (int i = 0; i < samples; i++)
            pcm[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate + phase));
        return pcm;
    }

    /// <summary>Tones, a sweep, noise, silence and clipped full scale: exercises every quantiser range.</summary>
    public static short[] Exercise(int sampleRate, int seconds, int seed = 1)
    {
        var random = new Random(seed);
        var pcm = new short[sampleRate * seconds];
        for (int i = 0; i < pcm.Length; i++)
        {
            double t = (double)i / sampleRate;
            double value = (i * 5 / pcm.Length) switch
            {
                0 => 8000 * Math.Sin(2 * Math.PI * 440 * t) + 4000 * Math.Sin(2 * Math.PI * 3100 * t),
                1 => 12000 * Math.Sin(2 * Math.PI * (100 + 3000 * t) * t),
                2 => (random.NextDouble() * 2 - 1) * 20000,
                3 => i % 800 < 400 ? 0 : random.Next(-50, 50),
                _ => 60000 * Math.Sin(2 * Math.PI * 200 * t),
            };
            pcm[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }
        return pcm;
    }

    /// <summary>RMS level of a signal.</summary>
    public static double Rms(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (short s in pcm) sum += (double)s * s;
        return Math.Sqrt(sum / Math.Max(1, pcm.Length));
    }

    /// <summary>Amplitude of one frequency component (single-bin DFT, Hann-windowed), in sample units.</summary>
    public static double Magnitude(ReadOnlySpan<short> pcm, double frequency, int sampleRate)
    {
        double re = 0, im = 0, windowSum = 0;
        for (int i = 0; i < pcm.Length; i++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (pcm.Length - 1));
            double angle = 2 * Math.PI * frequency * i / sampleRate;
            re += w * pcm[i] * Math.Cos(angle);
            im -= w * pcm[i] * Math.Sin(angle);
            windowSum += w;
        }
        return 2 * Math.Sqrt(re * re + im * im) / windowSum;
    }

    /// <summary>Signal-to-noise ratio of <paramref name="actual"/> against <paramref name="expected"/>, best over small delays.</summary>
    public static double SnrDb(ReadOnlySpan<short> expected, ReadOnlySpan<short> actual, int maxDelay)
    {
        double best = double.NegativeInfinity;
        for (int delay = 0; delay <= maxDelay; delay++)
        {
            double signal = 0, noise = 0;
            for (int i = 0; i + delay < actual.Length && i < expected.Length; i++)
            {
                double e = expected[i] - actual[i + delay];
                signal += (double)expected[i] * expected[i];
                noise += e * e;
            }
            best = Math.Max(best, 10 * Math.Log10(signal / Math.Max(noise, 1e-9)));
        }
        return best;
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);
}
