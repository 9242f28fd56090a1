namespace Mcptt.Media.Jitter;

/// <summary>
/// Packet loss concealment for codecs without their own: the first lost frame repeats the last good one, and
/// consecutive losses fade it linearly to silence over <see cref="FadeFrames"/> frames (a ramp inside each frame,
/// so no step is heard). Good enough for isolated losses of 20 ms; longer gaps become silence, not a buzz.
/// </summary>
public sealed class RepeatFadeConcealer
{
    private readonly short[] _last;
    private int _lastLength;
    private int _lost;

    public RepeatFadeConcealer(int maxFrameSamples, int fadeFrames = 3)
    {
        _last = new short[maxFrameSamples];
        FadeFrames = Math.Max(1, fadeFrames);
    }

    public int FadeFrames { get; }

    /// <summary>Remembers a good frame (and ends a loss run).</summary>
    public void Remember(ReadOnlySpan<short> frame)
    {
        int n = Math.Min(frame.Length, _last.Length);
        frame[..n].CopyTo(_last);
        _lastLength = n;
        _lost = 0;
    }

    /// <summary>Writes the concealment of the next lost frame of <paramref name="frameSamples"/> samples.</summary>
    public void Conceal(Span<short> output, int frameSamples)
    {
        var frame = output[..frameSamples];
        if (_lastLength < frameSamples || _lost >= FadeFrames)
        {
            frame.Clear();
            _lost++;
            return;
        }
        // Gain falls from (1 - lost/F) to (1 - (lost+1)/F) across this frame.
        float start = 1f - (float)_lost / FadeFrames;
        float step = 1f / FadeFrames / frameSamples;
        for (int i = 0; i < frameSamples; i++) frame[i] = (short)(_last[i] * (start - step * i));
        _lost++;
    }
}
