namespace Mcptt.Media.Jitter;

/// <summary>What a jitter buffer did with the packets it was given (monotonic counters, for /metrics).</summary>
public struct JitterStats
{
    /// <summary>Packets accepted into the buffer.</summary>
    public long Accepted;

    /// <summary>Frames handed to the decoder.</summary>
    public long Played;

    /// <summary>Frames missing at their playout time (concealed).</summary>
    public long Lost;

    /// <summary>Packets dropped because the same sequence number was already buffered.</summary>
    public long Duplicates;

    /// <summary>Packets dropped because their playout time had passed.</summary>
    public long Late;

    /// <summary>Frames dropped because the buffer held more than the maximum depth.</summary>
    public long Overflow;

    /// <summary>Packets dropped because they exceed the maximum payload size.</summary>
    public long Oversized;

    /// <summary>Restarts on a sequence jump (a new source or a sender restart).</summary>
    public long Resets;
}
