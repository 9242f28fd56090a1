using System.Runtime.CompilerServices;

namespace Mcptt.Media.Codecs.G722;

/// <summary>
/// The 24-tap quadrature mirror filter history of G.722 (24 samples at 16 kHz). Kept twice over in a 48-slot
/// ring so the latest 24 samples are always one contiguous window (oldest first): a new pair is written at two
/// places instead of the whole history moving down. The transmit side splits two input samples into a lower
/// and a higher band sample; the receive side merges them back.
/// </summary>
internal struct G722Qmf
{
    private History _history;
    private int _start; // window = history[_start .. _start + 24)

    [InlineArray(48)]
    private struct History
    {
        private int _element0;
    }

    /// <summary>Appends two samples (older first), dropping the two oldest.</summary>
    public void Push(int older, int newer)
    {
        Span<int> history = _history;
        _start = (_start + 2) % 24;
        int at = (_start + 22) % 24; // the window's last two slots, in both copies
        history[at] = history[at + 24] = older;
        history[at + 1] = history[at + 25] = newer;
    }

    /// <summary>The two polyphase sums over the window: Σ x[2i]·h(2i) and Σ x[2i+1]·h(2i+1).</summary>
    public (int Even, int Odd) Sums()
    {
        ReadOnlySpan<int> window = ((Span<int>)_history).Slice(_start, 24);
        var taps = G722Tables.QmfEven;
        int even = 0, odd = 0;
        for (int i = 0; i < 12; i++)
        {
            even += window[2 * i] * taps[i];
            odd += window[2 * i + 1] * taps[11 - i];
        }
        return (even, odd);
    }
}
