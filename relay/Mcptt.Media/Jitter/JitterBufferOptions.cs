namespace Mcptt.Media.Jitter;

/// <summary>Sizing of a <see cref="JitterBuffer"/>; validated by the constructor.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>Adapt the playout depth to the measured jitter (at talk-spurt starts); false = always <see cref="MinDepthFrames"/>.</summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>Frames held before playout starts (the fixed depth when not adaptive).</summary>
    public int MinDepthFrames { get; init; } = 2;

    /// <summary>Upper bound of the adaptive depth; beyond it the oldest frames are dropped to cap latency.</summary>
    public int MaxDepthFrames { get; init; } = 10;

    /// <summary>Slots (a power of two, larger than MaxDepthFrames): packets further ahead than this restart the buffer.</summary>
    public int Capacity { get; init; } = 32;

    /// <summary>Largest payload stored; longer packets are dropped and counted.</summary>
    public int MaxPayloadBytes { get; init; } = 1500;

    /// <summary>Frame duration, to turn jitter into frames.</summary>
    public int FrameMilliseconds { get; init; } = 20;

    /// <summary>RTP clock rate, to turn timestamps into milliseconds.</summary>
    public int ClockRate { get; init; } = 8000;

    /// <summary>Consecutive missing frames with an empty buffer after which the stream counts as paused (no more concealment).</summary>
    public int MaxConcealedFrames { get; init; } = 5;

    internal void Validate()
    {
        if (MinDepthFrames < 0 || MaxDepthFrames < Math.Max(1, MinDepthFrames))
            throw new ArgumentException($"jitter buffer depth {MinDepthFrames}..{MaxDepthFrames} frames is invalid");
        if (Capacity <= MaxDepthFrames || (Capacity & (Capacity - 1)) != 0)
            throw new ArgumentException($"jitter buffer capacity {Capacity} must be a power of two above MaxDepthFrames ({MaxDepthFrames})");
        if (MaxPayloadBytes <= 0 || FrameMilliseconds <= 0 || ClockRate <= 0 || MaxConcealedFrames < 0)
            throw new ArgumentException("jitter buffer payload size, frame duration, clock rate and concealment limit must be positive");
    }
}
