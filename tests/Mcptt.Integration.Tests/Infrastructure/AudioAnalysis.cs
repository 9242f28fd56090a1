namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>What a recording sounds like: dominant frequency (by zero crossings) and level (RMS, full scale = 1)
/// over its active part, i.e. the 20 ms frames louder than the silence threshold.</summary>
public sealed record ToneAnalysis(double FrequencyHz, double Rms, double ActiveSeconds, double TotalSeconds)
{
    public override string ToString() => $"{FrequencyHz:F1} Hz, RMS {Rms:F3}, active {ActiveSeconds:F2} of {TotalSeconds:F2} s";
}

public static class AudioAnalysis
{
    /// <summary>Analyses the frames whose RMS exceeds <paramref name="silenceRms"/>. A zero crossing is counted only
    /// when the signal moves beyond ±<paramref name="silenceRms"/>/2 on the other side (hysteresis), so codec noise
    /// around zero does not count. A pure tone of f Hz gives 2f crossings per second.</summary>
    public static ToneAnalysis Analyze(WavAudio audio, double silenceRms = 0.01)
    {
        int frame = Math.Max(1, audio.SampleRate / 50);
        var samples = audio.Samples;
        double threshold = silenceRms / 2;
        long crossings = 0;
        double sumSquares = 0;
        int activeSamples = 0;
        int side = 0; // carried across consecutive active frames so no crossing at a frame edge is lost
        for (int start = 0; start + frame <= samples.Length; start += frame)
        {
            var span = samples.AsSpan(start, frame);
            double frameSquares = 0;
            foreach (var s in span) frameSquares += s * s;
            if (Math.Sqrt(frameSquares / frame) <= silenceRms)
            {
                side = 0;
                continue;
            }
            sumSquares += frameSquares;
            activeSamples += frame;
            foreach (var s in span)
            {
                int now = s > threshold ? 1 : s < -threshold ? -1 : 0;
                if (now == 0) continue;
                if (side != 0 && now != side) crossings++;
                side = now;
            }
        }
        double activeSeconds = (double)activeSamples / audio.SampleRate;
        return new ToneAnalysis(
            activeSeconds > 0 ? crossings / 2.0 / activeSeconds : 0,
            activeSamples > 0 ? Math.Sqrt(sumSquares / activeSamples) : 0,
            activeSeconds,
            audio.DurationSeconds);
    }

    public static ToneAnalysis Analyze(string wavPath, double silenceRms = 0.01) => Analyze(WavFile.Read(wavPath), silenceRms);
}
