namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// Per-destination RTP continuity state for SSRC rewriting. When the source behind one outgoing
/// SSRC changes (a new talker in a group), the listener must still see one stream: sequence
/// numbers continue at last+1 and the timestamp advances by the real elapsed time (at least one
/// frame), so its jitter buffer neither discards the new talker nor stalls.
///
/// Writer: the worker forwarding to this destination. In a floor-controlled bridge that is one
/// source at a time (SetFloorHolder's quiescence hands it over with a full fence). In an
/// AllToOthers bridge of more than two legs with rewriting, sources on different workers may race
/// here; the result is a seq/ts discontinuity, never memory unsafety (plain int fields).
/// </summary>
internal struct OutputState
{
    public bool Started;
    public uint OutgoingSsrc;
    public uint SourceSsrc;
    public int SourceLegId;
    public ushort SequenceOffset;
    public uint TimestampOffset;
    public ushort LastSequence;
    public uint LastTimestamp;
    public long LastArrivalTicks;
}
