using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>
/// The 28 bytes in front of a UDP payload on a raw IPv4 socket: the IPv4 header without options
/// (RFC 791 §3.1) and the UDP header (RFC 768).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version|  IHL  |Type of Service|          Total Length         |  0
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Identification        |Flags|      Fragment Offset    |  4
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Time to Live |    Protocol   |         Header Checksum       |  8
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Source Address                          | 12
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Destination Address                        | 16
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Source Port          |       Destination Port        | 20
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            Length             |           Checksum            | 24
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// On send (IPPROTO_RAW, header included) the kernel fills Total Length, and Identification and
/// Header Checksum when they are 0; the relay computes the UDP checksum itself.
/// </summary>
internal static unsafe class UdpIpHeader
{
    public const int Size = 28;
    public const int IpSize = 20;
    public const int UdpSize = 8;
    private const ushort DontFragment = 0x4000;
    private const byte TimeToLive = 64;

    public static ushort TotalLength(byte* ip) => BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(ip + 2, 2));
    public static uint SourceAddress(byte* ip) => BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(ip + 12, 4));
    public static ushort SourcePort(byte* ip) => BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(ip + 20, 2));
    public static ushort DestinationPort(byte* ip) => BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(ip + 22, 2));
    public static ushort UdpLength(byte* ip) => BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(ip + 24, 2));

    /// <summary>The checksum field as stored (memory order, comparable with InternetChecksum sums).</summary>
    public static ushort StoredChecksum(byte* ip) => Unsafe.ReadUnaligned<ushort>(ip + 26);

    /// <summary>
    /// Writes both headers for a UDP payload of <paramref name="payloadLength"/> bytes and returns
    /// the partial checksum of pseudo header + UDP header (the caller adds the payload's sum and
    /// calls <see cref="SetChecksum"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Write(byte* ip, uint source, ushort sourcePort, uint destination, ushort destinationPort, int payloadLength)
    {
        var span = new Span<byte>(ip, Size);
        int udpLength = UdpSize + payloadLength;
        span[0] = 0x45;
        span[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(2), (ushort)(IpSize + udpLength));
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(4), DontFragment); // id 0 (kernel picks), DF
        span[8] = TimeToLive;
        span[9] = 17; // UDP
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(10), 0); // kernel computes the IP checksum
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(22), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(24), (ushort)udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(26), 0);
        // Pseudo header + the UDP header (ports, length; checksum field still 0).
        return InternetChecksum.PseudoHeader(ip) + Unsafe.ReadUnaligned<uint>(ip + 20) + Unsafe.ReadUnaligned<ushort>(ip + 24);
    }

    /// <summary>Stores the complemented sum; an all-zero result goes out as 0xFFFF (0 means "no checksum", RFC 768).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetChecksum(byte* ip, ulong sum)
    {
        ushort checksum = (ushort)~InternetChecksum.Fold(sum);
        Unsafe.WriteUnaligned(ip + 26, checksum == 0 ? (ushort)0xFFFF : checksum);
    }

    /// <summary>
    /// Verifies a received datagram's UDP checksum given the folded sum of its payload. A zero
    /// field means the sender did not compute one (RFC 768). A datagram sent by a local process
    /// over loopback carries only the pseudo-header sum (the kernel's checksum offload is never
    /// completed on lo), so that form is accepted from loopback sources and from the media
    /// address itself — both are this host, whose packets did not cross a wire.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ChecksumAcceptable(byte* ip, ushort payloadSum, uint mediaAddress)
    {
        ushort stored = StoredChecksum(ip);
        if (stored == 0) return true;
        ulong pseudo = InternetChecksum.PseudoHeader(ip);
        ulong total = pseudo + Unsafe.ReadUnaligned<uint>(ip + 20) + Unsafe.ReadUnaligned<ushort>(ip + 24) + stored + payloadSum;
        if (InternetChecksum.Fold(total) == 0xFFFF) return true;
        uint source = SourceAddress(ip);
        return ((source >> 24) == 127 || source == mediaAddress) && stored == InternetChecksum.Fold(pseudo);
    }
}
