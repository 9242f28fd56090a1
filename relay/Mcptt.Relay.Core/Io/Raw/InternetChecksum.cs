using System.Runtime.CompilerServices;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>
/// The Internet checksum (RFC 1071) as partial ones' complement sums over memory in native byte
/// order. RFC 1071 §2(B): the sum is byte-order independent, so summing native 16-bit words and
/// storing the complemented result natively yields the network-order checksum with no swaps.
/// Partial sums combine by addition; a segment starting at an odd offset contributes its sum
/// byte-swapped (§2(C)).
/// </summary>
internal static unsafe class InternetChecksum
{
    /// <summary>Adds the bytes at <paramref name="data"/> to <paramref name="sum"/> (an unfolded accumulator).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong sum, byte* data, int length)
    {
        // 32-bit halves of 64-bit loads into a 64-bit accumulator: no carries are lost for any
        // length a datagram can have, and the loop needs no add-with-carry.
        while (length >= 8)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(data);
            sum += (uint)word + (word >> 32);
            data += 8;
            length -= 8;
        }
        if (length >= 4)
        {
            sum += Unsafe.ReadUnaligned<uint>(data);
            data += 4;
            length -= 4;
        }
        if (length >= 2)
        {
            sum += Unsafe.ReadUnaligned<ushort>(data);
            data += 2;
            length -= 2;
        }
        if (length == 1) sum += BitConverter.IsLittleEndian ? data[0] : (ulong)data[0] << 8; // padded with a zero byte
        return sum;
    }

    /// <summary>Folds an accumulator to 16 bits (end-around carry).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Fold(ulong sum)
    {
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>The folded sum of a segment that starts at an odd offset of the checksummed data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort AtOddOffset(ushort folded) => (ushort)((folded << 8) | (folded >> 8));

    /// <summary>Ones' complement subtraction: the sum of a whole minus the sum of its (even-length) prefix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Subtract(ushort whole, ushort part) => Fold((ulong)whole + (ushort)~part);

    /// <summary>The UDP protocol number as the pseudo header's "zero, protocol" word in memory order.</summary>
    public static ushort UdpProtocolWord => BitConverter.IsLittleEndian ? (ushort)0x1100 : (ushort)0x0011;

    /// <summary>
    /// The pseudo-header sum of an IPv4 UDP datagram whose headers are at <paramref name="ip"/>:
    /// source and destination address (IP offsets 12..19), zero+protocol, and the UDP length
    /// (taken from the UDP header, offset 24).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PseudoHeader(byte* ip) =>
        (ulong)Unsafe.ReadUnaligned<uint>(ip + 12) + Unsafe.ReadUnaligned<uint>(ip + 16) + UdpProtocolWord + Unsafe.ReadUnaligned<ushort>(ip + 24);
}
