using System.Buffers.Binary;

namespace Mcptt.Floor.Wire;

/// <summary>
/// View over one floor control message: an RTCP APP packet (RFC 3550 §6.7) named "MCPT"
/// (TS 24.380 §8.1.2, table 8.1.2-1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| Subtype |   PT=APP=204  |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           SSRC                                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     name (ASCII) = "MCPT"                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        application-dependent data: TLV fields (FloorFieldReader)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// length = packet size in 32-bit words minus one. P must be 0. Not sent in compound RTCP, but
/// several APP packets may share one datagram (see <see cref="FloorDatagramReader"/>).
/// </summary>
public readonly ref struct FloorPacket
{
    public const int HeaderSize = 12;
    public const byte PayloadTypeApp = 204;
    public const byte Version = 2;
    /// <summary>"MCPT" as a big-endian 32-bit word.</summary>
    public const uint NameMcpt = 0x4D435054;

    private const int VersionShift = 6;
    private const byte PaddingBit = 0x20;
    private const int OffsetPayloadType = 1;
    private const int OffsetLength = 2;
    private const int OffsetSsrc = 4;
    private const int OffsetName = 8;

    private readonly ReadOnlySpan<byte> _packet;

    private FloorPacket(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>The raw 5-bit subtype (ack bit included).</summary>
    public byte RawSubtype => (byte)(_packet[0] & FloorSubtype.Mask);

    /// <summary>Meaningful only when <see cref="TryRead"/> did not return <see cref="FloorParseError.UnknownSubtype"/>.</summary>
    public FloorMessageType Type => (FloorMessageType)(RawSubtype & 0x0F);

    public bool AckRequired => (RawSubtype & FloorSubtype.AckRequiredBit) != 0;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(OffsetSsrc));

    public uint Name => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(OffsetName));

    /// <summary>The TLV area after the 12-octet header.</summary>
    public ReadOnlySpan<byte> Payload => _packet.Slice(HeaderSize);

    /// <summary>The whole packet as received (for logs/tests).</summary>
    public ReadOnlySpan<byte> Bytes => _packet;

    public FloorFieldReader Fields => new(Payload);

    /// <summary>
    /// Reads the RTCP packet at the start of <paramref name="buffer"/>. <paramref name="consumed"/>
    /// is the packet's size when its framing is sound (the caller may continue after it, even on
    /// NotApp/NotMcpt/PaddingSet/UnknownSubtype), or the whole buffer when framing is broken.
    /// </summary>
    public static FloorParseError TryRead(ReadOnlySpan<byte> buffer, out FloorPacket packet, out int consumed)
    {
        packet = default;
        consumed = buffer.Length;
        if (buffer.Length < 4) return FloorParseError.Truncated;
        if (buffer[0] >> VersionShift != Version) return FloorParseError.BadVersion;
        int total = (BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(OffsetLength)) + 1) * 4;
        if (total > buffer.Length) return FloorParseError.LengthPastEnd;
        consumed = total;
        if (buffer[OffsetPayloadType] != PayloadTypeApp) return FloorParseError.NotApp;
        if (total < HeaderSize) return FloorParseError.Truncated;
        var view = buffer.Slice(0, total);
        if (BinaryPrimitives.ReadUInt32BigEndian(view.Slice(OffsetName)) != NameMcpt) return FloorParseError.NotMcpt;
        packet = new FloorPacket(view);
        if ((view[0] & PaddingBit) != 0) return FloorParseError.PaddingSet;
        return FloorSubtype.TryDecode(packet.RawSubtype, out _, out _) ? FloorParseError.None : FloorParseError.UnknownSubtype;
    }
}
