namespace Mcptt.Relay.Core.Wire;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585, RFC 3611).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte App = 204;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;
    public const byte ExtendedReport = 207;

    /// <summary>
    /// RFC 5761 §4: with rtcp-mux, the second octet 192..223 cannot be RTP (PT 64..95 are avoided),
    /// so it marks RTCP. Of that range only SR..APP (200..204) are demuxed as RTCP here, as
    /// §4 recommends; the rest are treated as not-RTP-not-RTCP (counted drop).
    /// </summary>
    public static bool IsMuxedRtcp(byte secondOctet) => secondOctet is >= SenderReport and <= App;

    /// <summary>True for any RTCP type the relay forwards when it arrives on an RTCP port.</summary>
    public static bool IsKnown(byte packetType) => packetType is >= SenderReport and <= ExtendedReport;
}
