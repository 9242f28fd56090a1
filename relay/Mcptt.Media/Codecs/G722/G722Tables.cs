namespace Mcptt.Media.Codecs.G722;

/// <summary>Constants of ITU-T G.722 (SB-ADPCM at 64 kbit/s): QMF taps, quantiser levels, scale-factor tables.</summary>
internal static class G722Tables
{
    /// <summary>The even-indexed taps h(0), h(2), ..., h(22) of the 24-tap QMF; the odd taps are these reversed (h is symmetric).</summary>
    public static ReadOnlySpan<int> QmfEven => [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11];

    /// <summary>Lower-band 6-bit quantiser decision levels (Q12 of the scale factor), index 1..29 used.</summary>
    public static ReadOnlySpan<int> LowDecisionLevels =>
        [0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219, 1339,
         1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0];

    /// <summary>Lower-band code word for a negative / positive difference in quantiser interval i.</summary>
    public static ReadOnlySpan<byte> LowCodeNegative =>
        [0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0];

    public static ReadOnlySpan<byte> LowCodePositive =>
        [0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0];

    /// <summary>Lower-band inverse quantiser, 4-bit (the predictor always adapts on the 4 most significant bits).</summary>
    public static ReadOnlySpan<int> LowInverse4 =>
        [0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0];

    /// <summary>Lower-band inverse quantiser, 6-bit (the decoder's output at 64 kbit/s).</summary>
    public static ReadOnlySpan<int> LowInverse6 =>
        [-136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
         -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
         24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
         4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136];

    /// <summary>Lower-band log scale-factor multipliers, indexed through <see cref="LowMagnitudeIndex"/>.</summary>
    public static ReadOnlySpan<int> LowLogFactor => [-60, -30, 58, 172, 334, 538, 1198, 3042];

    public static ReadOnlySpan<int> LowMagnitudeIndex => [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0];

    /// <summary>Antilog table for the scale factor: 2^(i/32) in Q11.</summary>
    public static ReadOnlySpan<int> InverseLog =>
        [2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
         2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008];

    /// <summary>Higher-band 2-bit inverse quantiser.</summary>
    public static ReadOnlySpan<int> HighInverse => [-7408, -1616, 7408, 1616];

    public static ReadOnlySpan<int> HighLogFactor => [0, -214, 798];

    public static ReadOnlySpan<int> HighMagnitudeIndex => [2, 1, 2, 1];

    /// <summary>Higher-band code for a negative / positive difference, by magnitude class 1 (small) or 2 (large).</summary>
    public static ReadOnlySpan<byte> HighCodeNegative => [0, 1, 0];

    public static ReadOnlySpan<byte> HighCodePositive => [0, 3, 2];
}
