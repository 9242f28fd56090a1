namespace Mcptt.Media.Codecs.G722;

/// <summary>
/// ITU-T G.722 encoder, 64 kbit/s mode: 16 kHz 16-bit samples in, one octet per two samples out (6 bits lower
/// band, 2 bits higher band). Written from the recommendation's block descriptions; bit-exact with the widely
/// deployed spandsp implementation (checked by a test against Debian's libspandsp when present).
/// </summary>
internal struct G722Encoder
{
    private G722Qmf _qmf;
    private G722Band _low;
    private G722Band _high;

    public static G722Encoder Create() => new() { _low = G722Band.Initial(32), _high = G722Band.Initial(8) };

    /// <summary>Encodes pcm (even length) into pcm.Length / 2 octets.</summary>
    public void Encode(ReadOnlySpan<short> pcm, Span<byte> octets)
    {
        for (int j = 0, k = 0; j + 1 < pcm.Length; j += 2, k++)
        {
            _qmf.Push(pcm[j], pcm[j + 1]);
            var (even, odd) = _qmf.Sums();
            int lower = (odd + even) >> 14;
            int higher = (odd - even) >> 14;
            octets[k] = (byte)((EncodeHigh(higher) << 6) | EncodeLow(lower));
        }
    }

    private int EncodeLow(int sample)
    {
        int difference = G722Band.Saturate(sample - _low.Prediction);
        int magnitude = difference >= 0 ? difference : -(difference + 1);
        int interval = LowInterval(magnitude, _low.Step);
        int code = difference < 0 ? G722Tables.LowCodeNegative[interval] : G722Tables.LowCodePositive[interval];

        int code4 = code >> 2;
        int quantised = (_low.Step * G722Tables.LowInverse4[code4]) >> 15;
        _low.AdaptScale(G722Tables.LowLogFactor[G722Tables.LowMagnitudeIndex[code4]], 18432, 8);
        _low.Adapt(quantised);
        return code;
    }

    /// <summary>The first quantiser interval i in 1..30 with magnitude &lt; level(i) × step (binary search: the levels rise).</summary>
    private static int LowInterval(int magnitude, int step)
    {
        var levels = G722Tables.LowDecisionLevels;
        int low = 1, high = 30;
        while (low < high)
        {
            int middle = (low + high) >> 1;
            if (magnitude >= (levels[middle] * step) >> 12) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private int EncodeHigh(int sample)
    {
        int difference = G722Band.Saturate(sample - _high.Prediction);
        int magnitude = difference >= 0 ? difference : -(difference + 1);
        int size = magnitude >= (564 * _high.Step) >> 12 ? 2 : 1;
        int code = difference < 0 ? G722Tables.HighCodeNegative[size] : G722Tables.HighCodePositive[size];

        int quantised = (_high.Step * G722Tables.HighInverse[code]) >> 15;
        _high.AdaptScale(G722Tables.HighLogFactor[G722Tables.HighMagnitudeIndex[code]], 22528, 10);
        _high.Adapt(quantised);
        return code;
    }
}
