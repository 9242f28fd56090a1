using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.G711;
using Mcptt.Media.Jitter;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Jitter;

public class DecodedLegTests
{
    private static readonly JitterBufferOptions Fixed = new() { Adaptive = false, MinDepthFrames = 1 };

    private static byte[] Pcmu(short[] pcm)
    {
        var payload = new byte[pcm.Length];
        G711Transcoder.Encode(G711Law.MuLaw, pcm, payload);
        return payload;
    }

    [Fact]
    public void LossIsRepeatedThenFadedToSilence()
    {
        using var leg = new DecodedLeg(new G711Codec(G711Law.MuLaw), Fixed);
        var tone = TestSignals.Tone(500, 8000, 160, 8000);
        var frame = new short[160];
        leg.Receive(1, 160, Pcmu(tone), 0);
        Assert.Equal(LegFrame.Decoded, leg.NextFrame(frame));
        double good = TestSignals.Rms(frame);

        var levels = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(LegFrame.Concealed, leg.NextFrame(frame));
            levels.Add(TestSignals.Rms(frame));
        }
        Assert.InRange(levels[0], good * 0.6, good * 1.0); // repeat with the fade starting
        Assert.True(levels[1] < levels[0] && levels[2] < levels[1]);
        Assert.Equal(0, levels[3]);                        // faded out after three frames
        Assert.Equal(4, leg.Stats.Concealed);
        Assert.Equal(0, leg.Stats.CodecConcealed);
    }

    [Fact]
    public void OpusLossUsesTheCodecsOwnConcealment()
    {
        var factory = new AudioCodecFactory();
        using var sender = factory.Create("opus", 48000, 2, "useinbandfec=1");
        using var leg = new DecodedLeg(factory.Create("opus", 48000, 2, "useinbandfec=1"), Fixed with { MaxPayloadBytes = 1500 });
        var payload = new byte[1275];
        var pcm = TestSignals.Tone(700, 48000, 960, 8000);
        var frame = new short[960];
        for (ushort seq = 0; seq < 20; seq++)
        {
            int n = sender.Encode(pcm, payload).Count;
            if (seq != 10) leg.Receive(seq, seq * 960u, payload.AsSpan(0, n), seq * 20);
            if (seq >= 1) leg.NextFrame(frame); // keep one frame buffered so FEC has the next packet
        }
        Assert.Equal(1, leg.Stats.Concealed);
        Assert.Equal(1, leg.Stats.CodecConcealed);
    }

    [Fact]
    public void RejectedPayloadIsCountedAndConcealed()
    {
        using var leg = new DecodedLeg(new AudioCodecFactory().Create("opus", 48000, 2), Fixed);
        leg.Receive(1, 960, [0xFF, 0xFF, 0xFF], 0);
        Assert.Equal(LegFrame.Concealed, leg.NextFrame(new short[960]));
        Assert.Equal(1, leg.Stats.DecodeErrors);
    }

    [Fact]
    public void NothingBufferedIsSilence()
    {
        using var leg = new DecodedLeg(new G711Codec(G711Law.ALaw), Fixed);
        var frame = new short[160];
        frame.AsSpan().Fill(123);
        Assert.Equal(LegFrame.Silence, leg.NextFrame(frame));
        Assert.All(frame, s => Assert.Equal(0, s));
    }

    [Fact]
    public void SteadyStateDoesNotAllocate()
    {
        using var leg = new DecodedLeg(new G711Codec(G711Law.MuLaw), Fixed);
        var payload = Pcmu(TestSignals.Tone(500, 8000, 160));
        var frame = new short[160];
        ushort seq = 0;
        Assert.Equal(0, Allocations.Of(() =>
        {
            if (seq % 5 != 3) leg.Receive(seq, seq * 160u, payload, seq * 20); // with losses
            seq++;
            leg.NextFrame(frame);
        }));
    }
}
