using System.Runtime.CompilerServices;

namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// Decides what a datagram is from where it arrived and its first octets, then validates it fully,
/// so that everything forwarded has been length-checked. On an RTCP port only RTCP is accepted;
/// on an RTP port RTCP is recognised by its packet type per RFC 5761 §4 (rtcp-mux).
/// </summary>
public static class PacketClassifier
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketKind Classify(Span<byte> datagram, bool arrivedOnRtcpPort) => Classify(datagram, arrivedOnRtcpPort, out _);

    /// <summary>As <see cref="Classify(Span{byte}, bool)"/>, handing out the parsed view when it is RTP
    /// (default otherwise) so the caller does not parse the header a second time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PacketKind Classify(Span<byte> datagram, bool arrivedOnRtcpPort, out RtpPacket rtp)
    {
        rtp = default;
        if (datagram.Length < RtcpPacket.HeaderLength || datagram[0] >> 6 != RtpPacket.Version2) return PacketKind.Malformed;

        byte second = datagram[1];
        if (arrivedOnRtcpPort || RtcpPacketType.IsMuxedRtcp(second))
        {
            if (!RtcpPacketType.IsKnown(second)) return PacketKind.Malformed;
            return RtcpCompoundReader.Validate(datagram) == WireError.None ? PacketKind.Rtcp : PacketKind.Malformed;
        }

        // 192..223 on the RTP port that is not SR..APP: neither valid RTP nor demuxable RTCP.
        if (second is >= 192 and <= 223) return PacketKind.Malformed;
        return RtpPacket.TryParse(datagram, out rtp) == WireError.None ? PacketKind.Rtp : PacketKind.Malformed;
    }

    /// <summary>True when the first packet of a (valid) RTCP datagram is APP "MCPT": floor control.</summary>
    public static bool IsMcpttFloorControl(Span<byte> rtcp)
    {
        var reader = new RtcpCompoundReader(rtcp);
        if (!reader.TryNext(out var first)) return false;
        return RtcpApp.TryRead(first, out var app) == WireError.None && app.IsMcptt;
    }
}
