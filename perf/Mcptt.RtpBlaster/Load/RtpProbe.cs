using System.Buffers.Binary;

namespace Mcptt.RtpBlaster.Load;

/// <summary>
/// The probe packet: a plain RTP header followed by a payload that starts with the send time.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT=0    |       sequence number         |
/// |                           timestamp                           |
/// |                             SSRC                              |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |              send time (Stopwatch ticks, 64 bit)              |
/// |                                                               |
/// |                      stream index (32 bit)                    |
/// |                     filler up to payload size ...             |
/// </code>
/// 12 + 160 bytes = 172, a 20 ms G.711 frame. The relay passes the SSRC through (1:1, no rewrite),
/// so SSRC = base + stream index identifies the stream at the sink.
/// </summary>
internal static class RtpProbe
{
    public const int HeaderBytes = 12;
    public const int StampOffset = 12;
    public const int StreamOffset = 20;
    public const int MinBytes = 24;

    public static void WriteHeader(Span<byte> packet, ushort sequence, uint timestamp, uint ssrc)
    {
        packet[0] = 0x80;
        packet[1] = 0; // PCMU
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    }

    public static void WriteStamp(Span<byte> packet, long stopwatchTicks, int stream)
    {
        BinaryPrimitives.WriteInt64LittleEndian(packet[StampOffset..], stopwatchTicks);
        BinaryPrimitives.WriteInt32LittleEndian(packet[StreamOffset..], stream);
    }

    public static bool TryRead(ReadOnlySpan<byte> packet, out uint ssrc, out ushort sequence, out long stamp)
    {
        ssrc = 0;
        sequence = 0;
        stamp = 0;
        if (packet.Length < MinBytes || (packet[0] & 0xC0) != 0x80) return false;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        stamp = BinaryPrimitives.ReadInt64LittleEndian(packet[StampOffset..]);
        return true;
    }
}
