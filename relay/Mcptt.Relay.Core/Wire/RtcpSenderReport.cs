using System.Buffers.Binary;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// Sender report, PT = 200 (RFC 3550 §6.4.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         SSRC of sender                        |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 report block 1 .. RC (24 octets each)         |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
public readonly ref struct RtcpSenderReport
{
    private const int SenderSsrcOffset = 4;
    private const int NtpOffset = 8;
    private const int RtpTimestampOffset = 16;
    private const int PacketCountOffset = 20;
    private const int OctetCountOffset = 24;
    private const int ReportBlocksOffset = 28;

    private readonly Span<byte> _data;

    private RtcpSenderReport(Span<byte> data, int count)
    {
        _data = data;
        ReportCount = count;
    }

    public int ReportCount { get; }

    public uint SenderSsrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(SenderSsrcOffset));
        set => BinaryPrimitives.WriteUInt32BigEndian(_data.Slice(SenderSsrcOffset), value);
    }

    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_data.Slice(NtpOffset));

    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(RtpTimestampOffset));

    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(PacketCountOffset));

    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(OctetCountOffset));

    public RtcpReportBlock GetReportBlock(int index) =>
        new(_data.Slice(ReportBlocksOffset + index * RtcpReportBlock.Length, RtcpReportBlock.Length));

    /// <summary>Checks the type and that RC report blocks fit inside the declared length.</summary>
    public static WireError TryRead(RtcpPacket packet, out RtcpSenderReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.SenderReport) return WireError.NotRtcp;
        if (ReportBlocksOffset + packet.Count * RtcpReportBlock.Length > packet.Length) return WireError.ReportCountOverrun;
        report = new RtcpSenderReport(packet.Data, packet.Count);
        return WireError.None;
    }
}
