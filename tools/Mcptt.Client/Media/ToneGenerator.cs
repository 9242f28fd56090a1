namespace Mcptt.Client.Media;

/// <summary>Makes a sine tone to use as the microphone when no WAV file is given.</summary>
public static class ToneGenerator
{
    public static short[] Sine(double frequencyHz, TimeSpan length, double amplitude = 0.5)
    {
        int count = (int)Math.Clamp(length.TotalSeconds * 8000, 160, WavReader.MaxSamples);
        var samples = new short[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = (short)(Math.Sin(2 * Math.PI * frequencyHz * i / 8000.0) * amplitude * short.MaxValue);
        }

        return samples;
    }

    /// <summary>Estimates the dominant frequency by counting zero crossings; good enough to tell tones apart.</summary>
    public static double EstimateFrequency(ReadOnlySpan<short> samples, int sampleRate = 8000)
    {
        if (samples.Length < 2)
        {
            return 0;
        }

        int crossings = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        return crossings / 2.0 * sampleRate / samples.Length;
    }
}
