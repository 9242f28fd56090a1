namespace Mcptt.Media.Codecs.G722;

/// <summary>
/// The adaptive state of one G.722 sub-band, shared by encoder and decoder: the log scale factor (blocks 3L/3H)
/// and the two-pole, six-zero adaptive predictor (block 4). Both ends run the same updates on the same
/// quantised difference, so they stay in step without side information.
/// </summary>
internal struct G722Band
{
    private int _logScale;
    private int _r1, _r2;          // reconstructed signal, one and two samples ago
    private int _p1, _p2;          // partially reconstructed signal (zero-section output + difference)
    private int _a1, _a2;          // pole coefficients
    private G722Zeros _b;          // zero coefficients b1..b6
    private G722Zeros _d;          // quantised differences d1..d6

    /// <summary>The scale factor (quantiser step), "det" in the recommendation.</summary>
    public int Step;

    /// <summary>The predicted signal for the next sample.</summary>
    public int Prediction;

    private int _zeroPrediction;

    public static G722Band Initial(int step) => new() { Step = step };

    /// <summary>Log-domain scale-factor adaptation (LOGSCL + SCALEL / LOGSCH + SCALEH).</summary>
    public void AdaptScale(int logFactor, int limit, int offset)
    {
        int next = ((_logScale * 127) >> 7) + logFactor;
        _logScale = Math.Clamp(next, 0, limit);
        int fraction = (_logScale >> 6) & 31;
        int exponent = offset - (_logScale >> 11);
        int linear = exponent < 0 ? G722Tables.InverseLog[fraction] << -exponent : G722Tables.InverseLog[fraction] >> exponent;
        Step = linear << 2;
    }

    /// <summary>Block 4: reconstructs, adapts the predictor on the quantised difference and predicts the next sample.</summary>
    public void Adapt(int difference)
    {
        int reconstructed = Saturate(Prediction + difference);
        int partial = Saturate(_zeroPrediction + difference);
        AdaptPoles(partial);
        AdaptZeros(difference);
        _p2 = _p1;
        _p1 = partial;
        _r2 = _r1;
        _r1 = reconstructed;
        int polePrediction = Saturate(((_a1 * Saturate(_r1 + _r1)) >> 15) + ((_a2 * Saturate(_r2 + _r2)) >> 15));
        _zeroPrediction = _b.Filter(ref _d);
        Prediction = Saturate(polePrediction + _zeroPrediction);
    }

    private void AdaptPoles(int partial)
    {
        bool sameAsPrevious = (partial >> 15) == (_p1 >> 15);
        bool sameAsBeforePrevious = (partial >> 15) == (_p2 >> 15);

        int wd1 = Saturate(_a1 << 2);
        int wd2 = Math.Min(sameAsPrevious ? -wd1 : wd1, 32767);
        int a2 = (wd2 >> 7) + (sameAsBeforePrevious ? 128 : -128) + ((_a2 * 32512) >> 15);
        a2 = Math.Clamp(a2, -12288, 12288);

        int a1 = Saturate((sameAsPrevious ? 192 : -192) + ((_a1 * 32640) >> 15));
        int bound = Saturate(15360 - a2);
        _a1 = Math.Clamp(a1, -bound, bound);
        _a2 = a2;
    }

    private void AdaptZeros(int difference)
    {
        int step = difference == 0 ? 0 : 128;
        int sign = difference >> 15;
        for (int i = 0; i < G722Zeros.Length; i++)
        {
            int leak = (_b[i] * 32640) >> 15;
            _b[i] = Saturate(((_d[i] >> 15) == sign ? step : -step) + leak);
        }
        _d.Push(difference);
    }

    public static int Saturate(int value) => Math.Clamp(value, short.MinValue, short.MaxValue);
}
