using System.Buffers.Binary;

namespace Mcptt.Client.Media;

/// <summary>
/// The fixed RTP header (RFC 3550 §5.1) the client sends and reads back.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort Sequence, uint Timestamp, uint Ssrc)
{
    public const int FixedSize = 12;
    private const byte Version2 = 0x80;
    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;

    public void Write(Span<byte> destination)
    {
        destination[0] = Version2;
        destination[1] = (byte)((Marker ? MarkerBit : 0) | (PayloadType & PayloadTypeMask));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
    }

    /// <summary>Parses a datagram; false for anything that is not a well-formed RTP v2 packet (including RTCP).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (packet.Length < FixedSize || (packet[0] & 0xC0) != Version2)
        {
            return false;
        }

        byte payloadType = (byte)(packet[1] & PayloadTypeMask);
        // 72..76 with the marker bit set collide with RTCP packet types 200..204 (RFC 5761 §4).
        if (payloadType is >= 72 and <= 76)
        {
            return false;
        }

        int offset = FixedSize + (4 * (packet[0] & CsrcCountMask));
        if ((packet[0] & ExtensionBit) != 0)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        }

        int end = packet.Length;
        if ((packet[0] & PaddingBit) != 0)
        {
            end -= packet[^1];
        }

        if (offset > end)
        {
            return false;
        }

        header = new RtpHeader(
            (packet[1] & MarkerBit) != 0,
            payloadType,
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        payload = packet[offset..end];
        return true;
    }
}
