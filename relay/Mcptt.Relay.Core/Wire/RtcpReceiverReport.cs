using System.Buffers.Binary;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// Receiver report, PT = 201 (RFC 3550 §6.4.2).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 report block 1 .. RC (24 octets each)         |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
public readonly ref struct RtcpReceiverReport
{
    private const int SenderSsrcOffset = 4;
    private const int ReportBlocksOffset = 8;

    private readonly Span<byte> _data;

    private RtcpReceiverReport(Span<byte> data, int count)
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

    public RtcpReportBlock GetReportBlock(int index) =>
        new(_data.Slice(ReportBlocksOffset + index * RtcpReportBlock.Length, RtcpReportBlock.Length));

    public static WireError TryRead(RtcpPacket packet, out RtcpReceiverReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ReceiverReport) return WireError.NotRtcp;
        if (ReportBlocksOffset + packet.Count * RtcpReportBlock.Length > packet.Length) return WireError.ReportCountOverrun;
        report = new RtcpReceiverReport(packet.Data, packet.Count);
        return WireError.None;
    }
}
