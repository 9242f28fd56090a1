using System.Runtime.CompilerServices;

namespace Mcptt.Media.Codecs.G722;

/// <summary>Six values of the predictor's zero section (coefficients or past differences), inline in the band state.</summary>
[InlineArray(Length)]
internal struct G722Zeros
{
    public const int Length = 6;

    private int _element0;

    /// <summary>Shifts in the newest value at index 0, dropping the oldest.</summary>
    public void Push(int value)
    {
        for (int i = Length - 1; i > 0; i--) this[i] = this[i - 1];
        this[0] = value;
    }

    /// <summary>Zero-section prediction: Σ b_i × 2 d_i (Q15), saturated.</summary>
    public readonly int Filter(ref G722Zeros differences)
    {
        int sum = 0;
        for (int i = Length - 1; i >= 0; i--) sum += (this[i] * G722Band.Saturate(differences[i] + differences[i])) >> 15;
        return G722Band.Saturate(sum);
    }
}
