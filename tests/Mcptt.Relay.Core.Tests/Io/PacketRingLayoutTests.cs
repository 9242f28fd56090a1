using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Tests.Io;

/// <summary>The AF_PACKET ring's structs must match &lt;linux/if_packet.h&gt; byte for byte (the kernel writes them into shared memory).</summary>
public sealed unsafe class PacketRingLayoutTests
{
    [Fact]
    public void RingStructs_MatchTheKernelAbi()
    {
        Assert.Equal(32, sizeof(TPacket2Header)); // TPACKET_ALIGN(sizeof(struct tpacket2_hdr)) == AddressOffset
        Assert.Equal(TPacket2Header.AddressOffset, sizeof(TPacket2Header));
        Assert.Equal(12, (int)Marshal.OffsetOf<TPacket2Header>(nameof(TPacket2Header.MacOffset)));
        Assert.Equal(14, (int)Marshal.OffsetOf<TPacket2Header>(nameof(TPacket2Header.NetworkOffset)));
        Assert.Equal(24, (int)Marshal.OffsetOf<TPacket2Header>(nameof(TPacket2Header.VlanTci)));
        Assert.Equal(20, sizeof(SockAddrLl));
        Assert.Equal(4, (int)Marshal.OffsetOf<SockAddrLl>(nameof(SockAddrLl.InterfaceIndex)));
        Assert.Equal(10, (int)Marshal.OffsetOf<SockAddrLl>(nameof(SockAddrLl.PacketType)));
        Assert.Equal(16, sizeof(TPacketReq));
        Assert.Equal(8, sizeof(TPacketStats));
        Assert.Equal(4, (int)Marshal.OffsetOf<TPacketStats>(nameof(TPacketStats.Drops)));
    }
}
