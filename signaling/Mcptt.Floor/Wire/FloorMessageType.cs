namespace Mcptt.Floor.Wire;

/// <summary>
/// Floor control message types (TS 24.380 table 8.2.2-1), carried in the 5-bit subtype slot of the
/// RTCP APP header. Numbering is 0-based (Wireshark, NS3, MCOP agree; the 1-based variant seen in
/// some tools came from a bad PDF extraction).
/// </summary>
public enum FloorMessageType : byte
{
    Request = 0,
    Granted = 1,
    Taken = 2,
    Deny = 3,
    Release = 4,
    Idle = 5,
    Revoke = 6,
    QueuePositionRequest = 8,
    QueuePositionInfo = 9,
    Ack = 10,
}

/// <summary>Subtype arithmetic: the 0x10 bit marks "acknowledgement required" on some types.</summary>
public static class FloorSubtype
{
    public const byte AckRequiredBit = 0x10;
    public const byte Mask = 0x1F;

    /// <summary>Only these types have an ack-required variant (table 8.2.2-1 "x" bit).</summary>
    public static bool CanRequireAck(FloorMessageType type) => type is FloorMessageType.Granted
        or FloorMessageType.Taken or FloorMessageType.Deny or FloorMessageType.Release
        or FloorMessageType.Idle or FloorMessageType.QueuePositionInfo;

    public static byte Encode(FloorMessageType type, bool ackRequired)
        => (byte)((byte)type | (ackRequired && CanRequireAck(type) ? AckRequiredBit : 0));

    /// <summary>
    /// Splits a raw 5-bit subtype. False for types this server does not implement (7, 11..15 are
    /// release-dependent; 14 even changed meaning between releases) and for an x bit on a type
    /// that has no ack-required variant.
    /// </summary>
    public static bool TryDecode(byte raw, out FloorMessageType type, out bool ackRequired)
    {
        ackRequired = (raw & AckRequiredBit) != 0;
        var baseType = (byte)(raw & 0x0F);
        type = (FloorMessageType)baseType;
        if (baseType is 7 or > 10) return false;
        return !ackRequired || CanRequireAck(type);
    }

    /// <summary>Stable lower-case label for metrics.</summary>
    public static string Label(FloorMessageType type) => type switch
    {
        FloorMessageType.Request => "request",
        FloorMessageType.Granted => "granted",
        FloorMessageType.Taken => "taken",
        FloorMessageType.Deny => "deny",
        FloorMessageType.Release => "release",
        FloorMessageType.Idle => "idle",
        FloorMessageType.Revoke => "revoke",
        FloorMessageType.QueuePositionRequest => "queue_position_request",
        FloorMessageType.QueuePositionInfo => "queue_position_info",
        FloorMessageType.Ack => "ack",
        _ => "unknown",
    };
}
