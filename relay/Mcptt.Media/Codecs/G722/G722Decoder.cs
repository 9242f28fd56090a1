namespace Mcptt.Media.Codecs.G722;

/// <summary>ITU-T G.722 decoder, 64 kbit/s mode: one octet in, two 16 kHz 16-bit samples out.</summary>
internal struct G722Decoder
{
    private G722Qmf _qmf;
    private G722Band _low;
    private G722Band _high;

    public static G722Decoder Create() => new() { _low = G722Band.Initial(32), _high = G722Band.Initial(8) };

    /// <summary>Decodes octets into 2 × octets.Length samples.</summary>
    public void Decode(ReadOnlySpan<byte> octets, Span<short> pcm)
    {
        for (int k = 0; k < octets.Length; k++)
        {
            int lower = DecodeLow(octets[k] & 0x3F);
            int higher = DecodeHigh(octets[k] >> 6);
            _qmf.Push(lower + higher, lower - higher);
            var (even, odd) = _qmf.Sums();
            pcm[2 * k] = (short)G722Band.Saturate(odd >> 11);
            pcm[2 * k + 1] = (short)G722Band.Saturate(even >> 11);
        }
    }

    private int DecodeLow(int code)
    {
        int output = Math.Clamp(_low.Prediction + ((_low.Step * G722Tables.LowInverse6[code]) >> 15), -16384, 16383);
        int code4 = code >> 2;
        int quantised = (_low.Step * G722Tables.LowInverse4[code4]) >> 15;
        _low.AdaptScale(G722Tables.LowLogFactor[G722Tables.LowMagnitudeIndex[code4]], 18432, 8);
        _low.Adapt(quantised);
        return output;
    }

    private int DecodeHigh(int code)
    {
        int quantised = (_high.Step * G722Tables.HighInverse[code]) >> 15;
        int output = Math.Clamp(_high.Prediction + quantised, -16384, 16383);
        _high.AdaptScale(G722Tables.HighLogFactor[G722Tables.HighMagnitudeIndex[code]], 22528, 10);
        _high.Adapt(quantised);
        return output;
    }
}
