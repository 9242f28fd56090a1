using Mcptt.Media.Mixing;
using Mcptt.Media.Simd;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Mixing;

public class AudioMixerTests
{
    private const int Frame = 320;

    private static AudioMixer Create(int maxTalkers = 3, SimdWidth width = SimdWidth.Auto) =>
        new(new MixerOptions { FrameSamples = Frame, MaxParticipants = 16, MaxTalkers = maxTalkers }, width);

    [Fact]
    public void EachParticipantHearsTheOthersButNotItself()
    {
        var mixer = Create();
        int[] frequencies = [500, 1100, 2300];
        var ids = frequencies.Select(_ => mixer.Add()).ToArray();
        for (int i = 0; i < 3; i++) TestSignals.Tone(frequencies[i], 16000, Frame, 6000).CopyTo(mixer.Input(ids[i]));
        mixer.Mix();
        for (int i = 0; i < 3; i++)
        {
            var heard = mixer.Output(ids[i]);
            for (int j = 0; j < 3; j++)
            {
                double level = TestSignals.Magnitude(heard, frequencies[j], 16000);
                if (i == j) Assert.True(level < 30, $"participant {i} hears itself at {level:F0}");
                else Assert.InRange(level, 5000, 7000);
            }
        }
    }

    [Fact]
    public void LoudSumsSaturateInsteadOfWrapping()
    {
        var mixer = Create();
        int a = mixer.Add(), b = mixer.Add(), listener = mixer.Add();
        mixer.Input(a).Fill(30000);
        mixer.Input(b).Fill(30000);
        mixer.Input(listener).Clear();
        mixer.Mix();
        Assert.All(mixer.Output(listener).ToArray(), s => Assert.Equal(short.MaxValue, s));
        Assert.All(mixer.Output(a).ToArray(), s => Assert.Equal(30000, s));
        mixer.Input(a).Fill(-30000);
        mixer.Input(b).Fill(-30000);
        mixer.Mix();
        Assert.All(mixer.Output(listener).ToArray(), s => Assert.Equal(short.MinValue, s));
    }

    [Fact]
    public void OnlyTheNLoudestAreMixed()
    {
        var mixer = Create(maxTalkers: 2);
        var ids = Enumerable.Range(0, 5).Select(_ => mixer.Add()).ToArray();
        int listener = mixer.Add();
        short[] levels = [1000, 5000, 3000, 200, 4000];
        for (int i = 0; i < 5; i++) mixer.Input(ids[i]).Fill(levels[i]);
        mixer.Mix();
        Assert.Equal(2, mixer.TalkerCount);
        Assert.True(mixer.IsTalker(ids[1]) && mixer.IsTalker(ids[4]));
        Assert.Equal(9000, mixer.Output(listener)[0]);
        Assert.Equal(5000, mixer.Output(ids[4])[0]); // a talker hears the other selected talker only
        Assert.Equal(9000, mixer.Output(ids[2])[0]); // a non-selected sender hears the common mix
        Assert.True(mixer.HearsCommonMix(ids[2]));
    }

    [Fact]
    public void SelectedTalkersKeepTheirPlaceAgainstASlightlyLouderNewcomer()
    {
        var mixer = Create(maxTalkers: 1);
        int first = mixer.Add(), second = mixer.Add();
        mixer.Input(first).Fill(1000);
        mixer.Mix();
        Assert.True(mixer.IsTalker(first));
        mixer.Input(first).Fill(1000);
        mixer.Input(second).Fill(1100); // 10 % louder: within the 25 % hysteresis
        mixer.Mix();
        Assert.True(mixer.IsTalker(first));
        mixer.Input(first).Fill(1000);
        mixer.Input(second).Fill(2000);
        mixer.Mix();
        Assert.True(mixer.IsTalker(second));
    }

    [Fact]
    public void SilenceAndAbsentInputAreNotTalkers()
    {
        var mixer = Create();
        int quiet = mixer.Add(), absent = mixer.Add(), talker = mixer.Add();
        mixer.Input(quiet).Fill(20);
        mixer.Input(talker).Fill(3000);
        mixer.Mix();
        Assert.False(mixer.IsTalker(quiet));
        Assert.False(mixer.IsTalker(absent));
        Assert.Equal(3000, mixer.Output(absent)[0]);
        mixer.Mix(); // nobody wrote input this tick: inputs are not replayed
        Assert.Equal(0, mixer.TalkerCount);
        Assert.Equal(0, mixer.Output(absent)[0]);
    }

    [Fact]
    public void GainScalesWhatOthersHear()
    {
        var mixer = Create();
        int soft = mixer.Add(gain: 0.5f), listener = mixer.Add();
        mixer.Input(soft).Fill(8000);
        mixer.Mix();
        Assert.Equal(4000, mixer.Output(listener)[0]);
        Assert.Equal(0, mixer.Output(soft)[0]);
    }

    public static TheoryData<SimdWidth> Widths()
    {
        var data = new TheoryData<SimdWidth>();
        foreach (var width in new[] { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
            if (SimdSupport.IsSupported(width)) data.Add(width);
        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidthMatchesTheScalarMixer(SimdWidth width)
    {
        var random = new Random(5);
        var scalar = new AudioMixer(new MixerOptions { FrameSamples = 170, MaxParticipants = 6, MaxTalkers = 4 }, SimdWidth.Scalar);
        var vector = new AudioMixer(new MixerOptions { FrameSamples = 170, MaxParticipants = 6, MaxTalkers = 4 }, width);
        for (int p = 0; p < 6; p++)
        {
            scalar.Add(0.3f + p * 0.4f);
            vector.Add(0.3f + p * 0.4f);
        }
        for (int tick = 0; tick < 20; tick++)
        {
            for (int p = 0; p < 6; p++)
            {
                var a = scalar.Input(p);
                var b = vector.Input(p);
                for (int i = 0; i < a.Length; i++) a[i] = b[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
            }
            scalar.Mix();
            vector.Mix();
            for (int p = 0; p < 6; p++) Assert.True(scalar.Output(p).SequenceEqual(vector.Output(p)), $"tick {tick} participant {p}");
        }
    }

    [Fact]
    public void MixDoesNotAllocate()
    {
        var mixer = new AudioMixer(new MixerOptions { FrameSamples = 160, MaxParticipants = 50, MaxTalkers = 3 });
        for (int p = 0; p < 50; p++) mixer.Add();
        var tone = TestSignals.Tone(440, 8000, 160, 3000);
        Assert.Equal(0, Allocations.Of(() =>
        {
            for (int p = 0; p < 50; p += 7) tone.CopyTo(mixer.Input(p));
            mixer.Mix();
            _ = mixer.Output(3);
        }));
    }

    [Fact]
    public void FullMixerAndBadOptions()
    {
        var mixer = new AudioMixer(new MixerOptions { FrameSamples = 160, MaxParticipants = 2, MaxTalkers = 1 });
        Assert.Equal(0, mixer.Add());
        Assert.Equal(1, mixer.Add());
        Assert.Equal(-1, mixer.Add());
        mixer.Remove(0);
        Assert.Equal(0, mixer.Add());
        Assert.Throws<ArgumentException>(() => new AudioMixer(new MixerOptions { MaxTalkers = 0 }));
        Assert.Throws<ArgumentException>(() => new AudioMixer(new MixerOptions { FrameSamples = 0 }));
    }
}
