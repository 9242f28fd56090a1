using Mcptt.Media.Dsp;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Dsp;

public class ToneGeneratorTests
{
    [Fact]
    public void FramesJoinWithoutAPhaseJump()
    {
        var generator = new ToneGenerator(16000, 1000, 8000);
        var whole = new short[3200];
        for (int f = 0; f < 10; f++) generator.Fill(whole.AsSpan(f * 320, 320));
        Assert.True(whole.SequenceEqual(TestSignals.Tone(1000, 16000, 3200, 8000)));
    }

    [Fact]
    public void DualToneHasBothFrequencies()
    {
        var pcm = new short[8000];
        DtmfTones.Generator('#', 8000).Fill(pcm);
        Assert.InRange(TestSignals.Magnitude(pcm, 941, 8000), 6500, 7500);
        Assert.InRange(TestSignals.Magnitude(pcm, 1477, 8000), 6500, 7500);
        Assert.True(TestSignals.Magnitude(pcm, 1209, 8000) < 100);
    }

    [Fact]
    public void InvalidParametersAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(8000, 5000, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(8000, 1000, 30000, 1200, 30000));
        Assert.Throws<ArgumentException>(() => DtmfTones.Generator('x', 8000));
    }
}
