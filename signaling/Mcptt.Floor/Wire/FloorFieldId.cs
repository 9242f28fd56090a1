namespace Mcptt.Floor.Wire;

/// <summary>Floor control field IDs, current numbering (TS 24.380 table 8.2.3.1-2, Rel-13 final).</summary>
public enum FloorFieldId : byte
{
    FloorPriority = 0,
    Duration = 1,
    RejectCause = 2,
    QueueInfo = 3,
    GrantedPartyIdentity = 4,
    PermissionToRequest = 5,
    UserId = 6,
    QueueSize = 7,
    MessageSequenceNumber = 8,
    QueuedUserId = 9,
    Source = 10,
    TrackInfo = 11,
    MessageType = 12,
    FloorIndicator = 13,
    Ssrc = 14,
}

public static class FloorFieldIds
{
    /// <summary>Field IDs at or above this value carry a 2-octet length (the 1-octet form below).</summary>
    public const byte TwoOctetLengthThreshold = 192;

    /// <summary>
    /// Maps a received field ID to the current numbering. TS 24.380 v13.0.x used 102..116
    /// (102..106 for 0..4, 108..116 for 5..13; 107 was never assigned), which some early
    /// clients still send. False for IDs this codec does not know (they are skipped, not errors).
    /// </summary>
    public static bool TryNormalize(byte raw, out FloorFieldId id)
    {
        if (raw <= (byte)FloorFieldId.Ssrc) { id = (FloorFieldId)raw; return true; }
        if (raw is >= 102 and <= 106) { id = (FloorFieldId)(raw - 102); return true; }
        if (raw is >= 108 and <= 116) { id = (FloorFieldId)(raw - 103); return true; }
        id = default;
        return false;
    }
}
