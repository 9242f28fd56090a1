namespace Mcptt.Media.Jitter;

/// <summary>What <see cref="JitterBuffer.Pop"/> produced for this playout tick.</summary>
public enum JitterPop
{
    /// <summary>Nothing to play: not started yet (buffering) or the stream has paused.</summary>
    Idle,
    /// <summary>A frame's payload was copied out.</summary>
    Frame,
    /// <summary>The frame due now is missing: conceal it.</summary>
    Missing,
}

/// <summary>
/// Per-leg jitter buffer of encoded frames, one frame per RTP packet, keyed by sequence number. The media
/// worker calls <see cref="Insert"/> as packets arrive and <see cref="Pop"/> once per frame tick. Packets are
/// reordered into sequence, duplicates and packets past their playout time dropped and counted. Depth adapts
/// at each talk-spurt start to the RFC 3550 interarrival jitter (or stays fixed), within the configured bounds.
/// Arrival times are passed in (milliseconds on any monotonic clock), so tests drive it with a fake clock.
/// Payloads are copied into one preallocated array: no allocation, no lock (one worker thread owns it).
/// </summary>
public sealed class JitterBuffer
{
    private readonly JitterBufferOptions _options;
    private readonly byte[] _payloads;
    private readonly int[] _lengths;      // -1 = empty slot
    private readonly ushort[] _sequences;
    private readonly int _mask;
    private JitterStats _stats;
    private int _count;
    private bool _playing;
    private ushort _next;                 // sequence number due at the next Pop (or the lowest seen while buffering)
    private int _missingRun;
    private bool _haveTransit;
    private double _lastTransitMs;
    private double _jitterMs;

    public JitterBuffer(JitterBufferOptions? options = null)
    {
        _options = options ?? new JitterBufferOptions();
        _options.Validate();
        _mask = _options.Capacity - 1;
        _payloads = new byte[_options.Capacity * _options.MaxPayloadBytes];
        _lengths = new int[_options.Capacity];
        _sequences = new ushort[_options.Capacity];
        Array.Fill(_lengths, -1);
        TargetDepth = Math.Max(1, _options.MinDepthFrames);
    }

    public JitterStats Stats => _stats;

    /// <summary>Frames currently buffered.</summary>
    public int Count => _count;

    /// <summary>The depth playout starts at; with <see cref="JitterBufferOptions.Adaptive"/>, follows the jitter.</summary>
    public int TargetDepth { get; private set; }

    /// <summary>RFC 3550 interarrival jitter estimate, in milliseconds.</summary>
    public double JitterMilliseconds => _jitterMs;

    /// <summary>Accepts one packet; false when it was dropped (duplicate, late, oversized: see <see cref="Stats"/>).</summary>
    public bool Insert(ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, long arrivalMs)
    {
        if (payload.Length > _options.MaxPayloadBytes)
        {
            _stats.Oversized++;
            return false;
        }
        UpdateJitter(timestamp, arrivalMs);
        if (_count == 0 && !_playing) _next = sequence;
        int ahead = (short)(sequence - _next);
        if (ahead < 0)
        {
            if (_playing || _count + -ahead > _options.Capacity - 1) return Drop(ref _stats.Late);
            _next = sequence; // reordered while buffering: start earlier
            ahead = 0;
        }
        else if (ahead >= _options.Capacity)
        {
            Restart(sequence); // a sequence jump: a new stream
            ahead = 0;
        }
        int slot = sequence & _mask;
        if (_lengths[slot] >= 0) return Drop(ref _stats.Duplicates);
        payload.CopyTo(_payloads.AsSpan(slot * _options.MaxPayloadBytes));
        _lengths[slot] = payload.Length;
        _sequences[slot] = sequence;
        _count++;
        _stats.Accepted++;
        return true;
    }

    /// <summary>One playout tick: copies the frame due into <paramref name="payload"/> (Count = its length).</summary>
    public JitterPop Pop(Span<byte> payload, out int length)
    {
        length = 0;
        if (!_playing)
        {
            AdaptDepth();
            if (_count < TargetDepth) return JitterPop.Idle;
            _playing = true;
        }
        TrimToMaxDepth();
        int slot = _next & _mask;
        if (_lengths[slot] >= 0 && _sequences[slot] == _next)
        {
            length = _lengths[slot];
            _payloads.AsSpan(slot * _options.MaxPayloadBytes, length).CopyTo(payload);
            Free(slot);
            _next++;
            _missingRun = 0;
            _stats.Played++;
            return JitterPop.Frame;
        }
        if (_count == 0 && ++_missingRun > _options.MaxConcealedFrames)
        {
            _playing = false; // the sender paused (end of talk spurt): re-buffer at the next packet
            return JitterPop.Idle;
        }
        _next++;
        _stats.Lost++;
        return JitterPop.Missing;
    }

    /// <summary>The payload of the frame due at the next tick, if buffered (for Opus FEC after a <see cref="JitterPop.Missing"/>).</summary>
    public ReadOnlySpan<byte> PeekNext()
    {
        int slot = _next & _mask;
        return _lengths[slot] >= 0 && _sequences[slot] == _next
            ? _payloads.AsSpan(slot * _options.MaxPayloadBytes, _lengths[slot])
            : ReadOnlySpan<byte>.Empty;
    }

    private void TrimToMaxDepth()
    {
        while (_count > _options.MaxDepthFrames)
        {
            int slot = _next & _mask;
            if (_lengths[slot] >= 0) Free(slot);
            _next++;
            _stats.Overflow++;
        }
    }

    private void UpdateJitter(uint timestamp, long arrivalMs)
    {
        double transit = arrivalMs - timestamp * 1000.0 / _options.ClockRate;
        if (_haveTransit)
        {
            double d = Math.Abs(transit - _lastTransitMs);
            if (d < 10_000) _jitterMs += (d - _jitterMs) / 16; // ignore timestamp jumps (new stream)
        }
        _lastTransitMs = transit;
        _haveTransit = true;
    }

    private void AdaptDepth()
    {
        if (!_options.Adaptive) return;
        int frames = 1 + (int)Math.Ceiling(3 * _jitterMs / _options.FrameMilliseconds - 0.05); // 3 J of headroom, a trace of jitter is none
        TargetDepth = Math.Clamp(frames, Math.Max(1, _options.MinDepthFrames), _options.MaxDepthFrames);
    }

    private void Restart(ushort sequence)
    {
        Array.Fill(_lengths, -1);
        _count = 0;
        _playing = false;
        _next = sequence;
        _stats.Resets++;
    }

    private void Free(int slot)
    {
        _lengths[slot] = -1;
        _count--;
    }

    private static bool Drop(ref long counter)
    {
        counter++;
        return false;
    }
}
