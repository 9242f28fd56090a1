namespace Mcptt.Media.Dsp;

/// <summary>
/// A phase-continuous sum of one or two sine tones (a test tone, a DTMF pair, a call-progress tone), written
/// frame by frame without clicks between frames. Allocation-free.
/// </summary>
public sealed class ToneGenerator
{
    private readonly double _step1;
    private readonly double _step2;
    private readonly double _amplitude1;
    private readonly double _amplitude2;
    private double _phase1;
    private double _phase2;

    /// <param name="amplitude1">Peak amplitude of the first tone in sample units (e.g. 8000 ≈ −12 dBFS).</param>
    public ToneGenerator(int sampleRate, double frequency1, double amplitude1, double frequency2 = 0, double amplitude2 = 0)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
        if (frequency1 < 0 || frequency1 >= sampleRate / 2.0 || frequency2 < 0 || frequency2 >= sampleRate / 2.0)
            throw new ArgumentOutOfRangeException(nameof(frequency1), $"tone frequencies must be below {sampleRate / 2} Hz");
        if (Math.Abs(amplitude1) + Math.Abs(amplitude2) > short.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(amplitude1), "the tones' peak amplitudes must add up to at most 32767");
        SampleRate = sampleRate;
        _step1 = 2 * Math.PI * frequency1 / sampleRate;
        _step2 = 2 * Math.PI * frequency2 / sampleRate;
        _amplitude1 = amplitude1;
        _amplitude2 = amplitude2;
    }

    public int SampleRate { get; }

    /// <summary>Overwrites <paramref name="output"/> with the next samples.</summary>
    public void Fill(Span<short> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = (short)Math.Round(_amplitude1 * Math.Sin(_phase1) + _amplitude2 * Math.Sin(_phase2));
            _phase1 += _step1;
            _phase2 += _step2;
        }
        _phase1 %= 2 * Math.PI; // keep the phase small so precision does not drift over a long prompt
        _phase2 %= 2 * Math.PI;
    }
}
