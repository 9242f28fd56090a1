using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// An IPv4 endpoint packed into one <see cref="long"/>: bit 48 = known, bits 16..47 = address
/// (host order), bits 0..15 = port. Workers on different threads read and write remotes with one
/// atomic 64-bit access instead of sharing IPEndPoint objects (which would allocate and tear).
/// 0 means "unknown".
/// </summary>
internal static class PackedEndpoint
{
    public const long Unknown = 0;
    private const long KnownBit = 1L << 48;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pack(uint address, ushort port) => KnownBit | ((long)address << 16) | port;

    public static uint Address(long packed) => (uint)(packed >> 16);

    public static ushort Port(long packed) => (ushort)packed;

    public static long WithPort(long packed, int port) => packed == Unknown ? Unknown : Pack(Address(packed), (ushort)port);

    /// <summary>
    /// Packs a control-plane endpoint. Port 0 (an SDP-rejected stream) and 0.0.0.0 (RFC 2543 style
    /// hold) mean "nowhere to send" and map to <see cref="Unknown"/>.
    /// </summary>
    public static long FromEndPoint(IPEndPoint? endPoint)
    {
        if (endPoint is null || endPoint.Port == 0) return Unknown;
        var address = endPoint.Address;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"only IPv4 remotes are supported by the data plane, got {endPoint}", nameof(endPoint));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        uint packed = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return packed == 0 ? Unknown : Pack(packed, (ushort)endPoint.Port);
    }

    public static IPEndPoint? ToEndPoint(long packed)
    {
        if (packed == Unknown) return null;
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Address(packed));
        return new IPEndPoint(new IPAddress(bytes), Port(packed));
    }

    /// <summary>Reads a struct sockaddr_in image (port at 2, address at 4, both network order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FromSockAddrIn(ReadOnlySpan<byte> sockaddr) =>
        Pack(BinaryPrimitives.ReadUInt32BigEndian(sockaddr.Slice(4)), BinaryPrimitives.ReadUInt16BigEndian(sockaddr.Slice(2)));

    /// <summary>Writes port and address into a sockaddr_in image whose family is already set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteSockAddrIn(long packed, Span<byte> sockaddr)
    {
        BinaryPrimitives.WriteUInt16BigEndian(sockaddr.Slice(2), Port(packed));
        BinaryPrimitives.WriteUInt32BigEndian(sockaddr.Slice(4), Address(packed));
    }
}
