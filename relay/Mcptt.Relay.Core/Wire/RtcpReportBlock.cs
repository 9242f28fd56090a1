using System.Buffers.Binary;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// One reception report block inside an SR or RR (RFC 3550 §6.4.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
public readonly ref struct RtcpReportBlock
{
    public const int Length = 24;

    private const int SsrcOffset = 0;
    private const int FractionLostOffset = 4;
    private const int HighestSequenceOffset = 8;
    private const int JitterOffset = 12;

    private readonly Span<byte> _data;

    internal RtcpReportBlock(Span<byte> data) => _data = data;

    /// <summary>The source this block reports on.</summary>
    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(SsrcOffset));
        set => BinaryPrimitives.WriteUInt32BigEndian(_data.Slice(SsrcOffset), value);
    }

    public byte FractionLost => _data[FractionLostOffset];

    public uint ExtendedHighestSequence => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(HighestSequenceOffset));

    public uint Jitter => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(JitterOffset));
}
