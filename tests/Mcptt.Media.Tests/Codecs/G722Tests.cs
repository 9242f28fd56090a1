using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.G722;
using Mcptt.Media.Tests.Support;

namespace Mcptt.Media.Tests.Codecs;

public class G722Tests
{
    [Fact]
    public void EncoderAndDecoderAreBitExactWithSpanDsp()
    {
        var pcm = TestSignals.Exercise(16000, 5);
        using var reference = new SpanDspG722();
        using var codec = new G722Codec();
        var ours = new byte[pcm.Length / 2];
        for (int f = 0; f < pcm.Length / 320; f++)
            Assert.True(codec.Encode(pcm.AsSpan(f * 320, 320), ours.AsSpan(f * 160)).Ok);
        var theirs = reference.Encode(pcm);
        int encoded = FirstDifference(theirs, ours);
        Assert.True(encoded == -1, $"encoder output differs from spandsp at octet {encoded}");

        var decoded = new short[pcm.Length];
        for (int f = 0; f < ours.Length / 160; f++)
            Assert.True(codec.Decode(ours.AsSpan(f * 160, 160), decoded.AsSpan(f * 320)).Ok);
        // spandsp casts the QMF output to 16 bits where it overflows (a wrap to the opposite sign on loud
        // input); we saturate. Everywhere else the output is the same.
        var theirsDecoded = reference.Decode(ours);
        int wrapped = 0;
        for (int i = 0; i < decoded.Length; i++)
        {
            if (decoded[i] == theirsDecoded[i]) continue;
            bool saturatedWhereTheyWrapped = (decoded[i] == short.MaxValue && theirsDecoded[i] < 0)
                || (decoded[i] == short.MinValue && theirsDecoded[i] > 0);
            Assert.True(saturatedWhereTheyWrapped, $"decoder output differs from spandsp at sample {i}: {theirsDecoded[i]} vs {decoded[i]}");
            wrapped++;
        }
        Assert.True(wrapped > 0, "the clipped segment should overflow the QMF and show the difference");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    [InlineData(3000)]
    [InlineData(6000)] // in the higher band: the codec's point is 7 kHz audio
    public void ToneRoundTripsWithHighSnr(int frequency)
    {
        var pcm = TestSignals.Tone(frequency, 16000, 16000, amplitude: 8000);
        using var codec = new G722Codec();
        var decoded = RoundTrip(codec, pcm);
        // The QMF pair delays by 22 samples; skip the adaptation start.
        double snr = TestSignals.SnrDb(pcm.AsSpan(3200, 9600), decoded.AsSpan(3200), maxDelay: 30);
        Assert.True(snr > (frequency < 4000 ? 25 : 12), $"SNR {snr:F1} dB at {frequency} Hz");
    }

    [Fact]
    public void FormatCarriesTheRfc3551ClockRateQuirk()
    {
        using var codec = new G722Codec();
        Assert.Equal(8000, codec.Format.RtpClockRate);
        Assert.Equal(16000, codec.Format.SampleRate);
        Assert.Equal(160, codec.Format.RtpTimestampPerFrame);
        Assert.Equal(320, codec.Format.PcmSamplesPerFrame);
    }

    [Fact]
    public void PerFrameCallsDoNotAllocate()
    {
        using var codec = new G722Codec();
        var pcm = TestSignals.Tone(1000, 16000, 320);
        var payload = new byte[160];
        var output = new short[320];
        Assert.Equal(0, Allocations.Of(() =>
        {
            codec.Encode(pcm, payload);
            codec.Decode(payload, output);
        }));
    }

    private static short[] RoundTrip(IAudioCodec codec, short[] pcm)
    {
        var decoded = new short[pcm.Length];
        var payload = new byte[codec.Format.MaxPayloadBytes];
        int frame = codec.Format.PcmSamplesPerFrame;
        for (int f = 0; f < pcm.Length / frame; f++)
        {
            var encoded = codec.Encode(pcm.AsSpan(f * frame, frame), payload);
            Assert.True(codec.Decode(payload.AsSpan(0, encoded.Count), decoded.AsSpan(f * frame)).Ok);
        }
        return decoded;
    }

    private static int FirstDifference<T>(T[] expected, T[] actual) where T : IEquatable<T>
    {
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            if (!expected[i].Equals(actual[i])) return i;
        return expected.Length == actual.Length ? -1 : Math.Min(expected.Length, actual.Length);
    }
}
