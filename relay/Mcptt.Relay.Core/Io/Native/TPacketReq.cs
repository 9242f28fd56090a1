namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct tpacket_req (&lt;linux/if_packet.h&gt;): the geometry of a PACKET_RX_RING.
/// block_size is a multiple of the page size and of frame_size, so frames are contiguous.</summary>
internal struct TPacketReq
{
    public uint BlockSize;
    public uint BlockCount;
    public uint FrameSize;
    public uint FrameCount;
}
