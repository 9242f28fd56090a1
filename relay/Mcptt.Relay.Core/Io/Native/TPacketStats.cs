namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct tpacket_stats (&lt;linux/if_packet.h&gt;), from getsockopt(PACKET_STATISTICS), which
/// also resets both: packets the filter passed and, of those, the ones dropped because the ring was full.</summary>
internal struct TPacketStats
{
    public uint Packets;
    public uint Drops;
}
