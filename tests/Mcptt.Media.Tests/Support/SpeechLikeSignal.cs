namespace Mcptt.Media.Tests.Support;

/// <summary>
/// A deterministic speech-like signal for talk-off tests: syllables of a glottal pulse train (pitch gliding
/// between 85 and 260 Hz) through three formant resonators set per vowel, with envelopes and pauses, plus a
/// little breath noise. Rich in harmonics that sweep across the DTMF frequencies, as voices do.
/// </summary>
internal static class SpeechLikeSignal
{
    private static readonly double[][] Vowels =
    [
        [730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [570, 840, 2410], [660, 1720, 2410], [440, 1020, 2240],
    ];

    public static short[] Generate(int seconds, int seed, int sampleRate = 8000)
    {
        var random = new Random(seed);
        var raw = new double[seconds * sampleRate];
        int position = 0;
        while (position < raw.Length)
        {
            int length = Math.Min(random.Next(sampleRate / 10, sampleRate / 3), raw.Length - position);
            Syllable(raw.AsSpan(position, length), random, sampleRate);
            position += length + random.Next(0, sampleRate / 8); // a pause of silence between some syllables
        }
        double peak = raw.Max(Math.Abs);
        return raw.Select(x => (short)Math.Round(x / peak * 26000)).ToArray(); // loud speech: peaks at -2 dBFS
    }

    private static void Syllable(Span<double> output, Random random, int sampleRate)
    {
        var formants = Vowels[random.Next(Vowels.Length)];
        double f0Start = random.Next(85, 260), f0End = random.Next(85, 260), loudness = random.Next(3, 12);
        var resonators = formants.Select((f, i) => new Resonator(f * (0.9 + 0.2 * random.NextDouble()), 60 + 40 * i, sampleRate)).ToArray();
        double phase = 0;
        for (int n = 0; n < output.Length; n++)
        {
            double t = (double)n / output.Length;
            double f0 = f0Start + (f0End - f0Start) * t;
            phase += f0 / sampleRate;
            double excitation = phase >= 1 ? 1 : 0;
            if (phase >= 1) phase -= 1;
            excitation += (random.NextDouble() - 0.5) * 0.02;
            double y = 0;
            foreach (var r in resonators) y += r.Next(excitation);
            double envelope = Math.Sin(Math.PI * t);
            output[n] = y * loudness * envelope;
        }
    }

    private sealed class Resonator(double frequency, double bandwidth, int sampleRate)
    {
        private readonly double _r = Math.Exp(-Math.PI * bandwidth / sampleRate);
        private readonly double _c = 2 * Math.Exp(-Math.PI * bandwidth / sampleRate) * Math.Cos(2 * Math.PI * frequency / sampleRate);
        private double _y1, _y2;

        public double Next(double x)
        {
            double y = x + _c * _y1 - _r * _r * _y2;
            _y2 = _y1;
            _y1 = y;
            return y;
        }
    }
}
