namespace Mcptt.Client.Media;

/// <summary>What arrived on the audio port: a snapshot for tests and the status line.</summary>
public sealed record RtpReceiveStats(
    long Packets,
    long Bytes,
    long Invalid,
    long SequenceGaps,
    long LostPackets,
    uint? LastSsrc,
    int SsrcCount,
    int? FirstPayloadType,
    int? LastPayloadType,
    ushort? LastSequence);

/// <summary>One received RTP packet, reported to listeners after accounting.</summary>
public readonly record struct RtpPacketInfo(RtpHeader Header, int PayloadLength, System.Net.IPEndPoint Source);
