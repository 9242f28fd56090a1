using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// A view over one RTP packet (RFC 3550 §5.1, header extension §5.3.1). Reads and writes in place;
/// never copies and never allocates.
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
/// |      defined by profile       |           length              |  (X = 1)
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            payload  ...  | padding | pad count |  (P = 1)
/// </code>
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const int Version2 = 2;

    private const int FlagsOffset = 0;          // V(2) P(1) X(1) CC(4)
    private const int MarkerPtOffset = 1;       // M(1) PT(7)
    private const int SequenceOffset = 2;
    private const int TimestampOffset = 4;
    private const int SsrcOffset = 8;
    private const int CsrcOffset = 12;
    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;
    private const int ExtensionHeaderLength = 4;

    private readonly Span<byte> _data;

    private RtpPacket(Span<byte> data, int headerLength, int paddingLength)
    {
        _data = data;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
    }

    /// <summary>Fixed header + CSRCs + extension: the part before the payload.</summary>
    public int HeaderLength { get; }

    public int PaddingLength { get; }

    public int Length => _data.Length;

    public Span<byte> Data => _data;

    public int Version => _data[FlagsOffset] >> 6;

    public bool HasPadding => (_data[FlagsOffset] & PaddingBit) != 0;

    public bool HasExtension => (_data[FlagsOffset] & ExtensionBit) != 0;

    public int CsrcCount => _data[FlagsOffset] & CsrcCountMask;

    public bool Marker
    {
        get => (_data[MarkerPtOffset] & MarkerBit) != 0;
        set => _data[MarkerPtOffset] = (byte)(value ? _data[MarkerPtOffset] | MarkerBit : _data[MarkerPtOffset] & ~MarkerBit);
    }

    public int PayloadType => _data[MarkerPtOffset] & PayloadTypeMask;

    public ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(SequenceOffset));
        set => BinaryPrimitives.WriteUInt16BigEndian(_data.Slice(SequenceOffset), value);
    }

    public uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(TimestampOffset));
        set => BinaryPrimitives.WriteUInt32BigEndian(_data.Slice(TimestampOffset), value);
    }

    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(SsrcOffset));
        set => BinaryPrimitives.WriteUInt32BigEndian(_data.Slice(SsrcOffset), value);
    }

    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(CsrcOffset + 4 * index));

    public Span<byte> Payload => _data.Slice(HeaderLength, _data.Length - HeaderLength - PaddingLength);

    /// <summary>Validates the header against the datagram length; on success the view is usable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WireError TryParse(Span<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength) return WireError.TooShort;
        byte flags = data[FlagsOffset];
        if (flags >> 6 != Version2) return WireError.BadVersion;

        int headerLength = FixedHeaderLength + 4 * (flags & CsrcCountMask);
        if (headerLength > data.Length) return WireError.CsrcOverrun;

        if ((flags & ExtensionBit) != 0)
        {
            if (headerLength + ExtensionHeaderLength > data.Length) return WireError.ExtensionOverrun;
            int words = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(headerLength + 2));
            headerLength += ExtensionHeaderLength + 4 * words;
            if (headerLength > data.Length) return WireError.ExtensionOverrun;
        }

        int padding = 0;
        if ((flags & PaddingBit) != 0)
        {
            // The last octet counts the padding octets including itself (RFC 3550 §5.1).
            padding = data[^1];
            if (padding == 0 || headerLength + padding > data.Length) return WireError.BadPadding;
        }

        packet = new RtpPacket(data, headerLength, padding);
        return WireError.None;
    }
}
