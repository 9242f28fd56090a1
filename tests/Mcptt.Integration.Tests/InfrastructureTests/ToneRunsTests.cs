using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.InfrastructureTests;

public sealed class ToneRunsTests
{
    private static IEnumerable<float> Sine(double hz, double seconds, double amplitude = 0.5)
        => Enumerable.Range(0, (int)(8000 * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / 8000)));

    [Fact]
    public void Back_to_back_tones_and_tones_between_silences_become_separate_runs()
    {
        var samples = Sine(440, 1.5).Concat(Sine(1000, 1)).Concat(Sine(0, 0.5, 0)).Concat(Sine(1800, 1.2)).Concat(Sine(1000, 0.2)).ToArray();
        var runs = ToneRuns.Split(new WavAudio(8000, 1, samples));

        Assert.Equal(3, runs.Count); // the last 0.2 s is shorter than the 0.5 s minimum
        Assert.Equal([440.0, 1000.0, 1800.0], runs.Select(r => Math.Round(r.Tone.FrequencyHz / 20) * 20));
        Assert.InRange(runs[0].DurationSeconds, 1.3, 1.5);
        Assert.InRange(runs[1].StartSeconds, 1.4, 1.6);
        Assert.InRange(runs[2].StartSeconds, 2.9, 3.1);
        Assert.All(runs, r => Assert.InRange(r.Tone.Rms, 0.33, 0.37));
    }
}
