namespace Mcptt.Media.Wav;

/// <summary>The samples of a mono 16-bit PCM WAV file.</summary>
public sealed record WavAudio(int SampleRate, short[] Samples)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);
}
