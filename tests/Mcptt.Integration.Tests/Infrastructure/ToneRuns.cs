namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>One stretch of a recording holding a single steady tone.</summary>
public sealed record ToneRun(double StartSeconds, double DurationSeconds, ToneAnalysis Tone)
{
    public override string ToString() => $"{StartSeconds:F2}+{DurationSeconds:F2} s: {Tone}";
}

/// <summary>
/// Splits a recording into runs of one tone: who was heard, in order, for how long. A listener's recording of a
/// push-to-talk call is the talkers' tones one after another, separated by silence or (when the recorder only
/// writes received packets) by nothing at all, so runs are cut both at silence and where the frequency changes.
/// </summary>
public static class ToneRuns
{
    /// <summary>
    /// Classifies <paramref name="window"/>-long slices (silent, or a frequency by zero crossings), joins neighbours
    /// within ±<paramref name="tolerance"/> of the run's first frequency, analyses each run as a whole and keeps runs of at
    /// least <paramref name="minimum"/> (slices straddling a change of talker make short runs that are dropped).
    /// </summary>
    public static IReadOnlyList<ToneRun> Split(WavAudio audio, TimeSpan? window = null, TimeSpan? minimum = null,
        double tolerance = 0.1, double silenceRms = 0.01)
    {
        int slice = Math.Max(1, (int)(audio.SampleRate * (window ?? TimeSpan.FromMilliseconds(100)).TotalSeconds));
        double minSeconds = (minimum ?? TimeSpan.FromMilliseconds(500)).TotalSeconds;
        var runs = new List<ToneRun>();
        int runStart = -1;
        double runHz = 0;

        void Close(int end)
        {
            if (runStart < 0) return;
            var samples = audio.Samples[runStart..end];
            double seconds = (double)samples.Length / audio.SampleRate;
            if (seconds >= minSeconds)
                runs.Add(new ToneRun((double)runStart / audio.SampleRate, seconds,
                    AudioAnalysis.Analyze(audio with { Samples = samples }, silenceRms)));
            runStart = -1;
        }

        for (int start = 0; start + slice <= audio.Samples.Length; start += slice)
        {
            var tone = AudioAnalysis.Analyze(audio with { Samples = audio.Samples[start..(start + slice)] }, silenceRms);
            bool silent = tone.ActiveSeconds < slice / 2.0 / audio.SampleRate;
            if (silent)
            {
                Close(start);
                continue;
            }
            if (runStart >= 0 && Math.Abs(tone.FrequencyHz - runHz) > tolerance * runHz) Close(start);
            if (runStart < 0)
            {
                runStart = start;
                runHz = tone.FrequencyHz;
            }
        }
        Close(audio.Samples.Length - audio.Samples.Length % slice);
        return runs;
    }

    public static IReadOnlyList<ToneRun> Split(string wavPath) => Split(WavFile.Read(wavPath));
}
