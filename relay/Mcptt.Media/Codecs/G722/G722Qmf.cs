using System.Runtime.CompilerServices;

namespace Mcptt.Media.Codecs.G722;

/// <summary>
/// The 24-tap quadrature mirror filter history of G.722 (24 samples at 16 kHz, newest last). The transmit side
/// splits two input samples into a lower and a higher band sample; the receive side merges them back.
/// </summary>
[InlineArray(24)]
internal struct G722Qmf
{
    private int _element0;

    /// <summary>Appends two samples (older first), dropping the two oldest.</summary>
    public void Push(int older, int newer)
    {
        for (int i = 0; i < 22; i++) this[i] = this[i + 2];
        this[22] = older;
        this[23] = newer;
    }

    /// <summary>The two polyphase sums: Σ x[2i]·h(2i) and Σ x[2i+1]·h(2i+1).</summary>
    public readonly (int Even, int Odd) Sums()
    {
        var taps = G722Tables.QmfEven;
        int even = 0, odd = 0;
        for (int i = 0; i < 12; i++)
        {
            even += this[2 * i] * taps[i];
            odd += this[2 * i + 1] * taps[11 - i];
        }
        return (even, odd);
    }
}
