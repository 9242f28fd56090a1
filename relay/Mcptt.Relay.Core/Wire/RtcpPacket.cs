using System.Buffers.Binary;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// A view over one individual RTCP packet inside a compound datagram: the common header
/// (RFC 3550 §6.4.1) and the body it bounds. Typed views (SR, RR, APP) are made from this.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  count  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 body: length 32-bit words ...                 |
/// </code>
/// length = number of 32-bit words minus one, header included.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private const int FlagsOffset = 0;       // V(2) P(1) count(5)
    private const int TypeOffset = 1;
    private const int LengthOffset = 2;
    private const byte PaddingBit = 0x20;
    private const byte CountMask = 0x1F;

    private readonly Span<byte> _data;

    internal RtcpPacket(Span<byte> data) => _data = data;

    /// <summary>The whole individual packet: header, body and padding.</summary>
    public Span<byte> Data => _data;

    public int Version => _data[FlagsOffset] >> 6;

    public bool HasPadding => (_data[FlagsOffset] & PaddingBit) != 0;

    /// <summary>Reception report count (SR/RR), source count (SDES/BYE) or subtype (APP).</summary>
    public int Count => _data[FlagsOffset] & CountMask;

    public byte PacketType => _data[TypeOffset];

    /// <summary>Total length in octets as declared by the length field.</summary>
    public int Length => _data.Length;

    public static int DeclaredLength(ReadOnlySpan<byte> header) =>
        (BinaryPrimitives.ReadUInt16BigEndian(header.Slice(LengthOffset)) + 1) * 4;
}
