namespace Mcptt.Media.Jitter;

/// <summary>Where the PCM of one playout tick of a <see cref="DecodedLeg"/> came from.</summary>
public enum LegFrame
{
    /// <summary>No audio this tick (buffering or the sender is silent); the output is silence.</summary>
    Silence,
    /// <summary>A received frame, decoded.</summary>
    Decoded,
    /// <summary>A lost or undecodable frame, concealed (codec PLC/FEC, or repeat and fade).</summary>
    Concealed,
}

/// <summary>Counters of a decoded leg beyond its jitter buffer's.</summary>
public struct DecodedLegStats
{
    public long Decoded;

    public long Concealed;

    /// <summary>Concealments done by the codec itself (Opus PLC or FEC).</summary>
    public long CodecConcealed;

    /// <summary>Payloads the codec rejected (counted, then concealed).</summary>
    public long DecodeErrors;
}
