namespace Mcptt.Relay.Core.Io.Native;

/// <summary>struct sockaddr_ll (&lt;linux/if_packet.h&gt;): a packet socket's bind address, and the
/// per-frame address the kernel writes after each tpacket2_hdr in a receive ring.</summary>
internal unsafe struct SockAddrLl
{
    /// <summary>sll_pkttype of a frame addressed to another host's link address (promiscuous NIC): the IP layer drops it.</summary>
    public const byte PacketOtherHost = 3;

    public ushort Family;
    /// <summary>Network byte order (htons(ETH_P_IP)).</summary>
    public ushort Protocol;
    /// <summary>0: every interface.</summary>
    public int InterfaceIndex;
    public ushort HardwareType;
    public byte PacketType;
    public byte AddressLength;
    public fixed byte Address[8];
}
