namespace Mcptt.Relay.Core.Io.Native;

/// <summary>
/// struct tpacket2_hdr (&lt;linux/if_packet.h&gt;): the start of every frame in a TPACKET_V2 ring,
/// followed (at <see cref="AddressOffset"/>) by a sockaddr_ll and, at <see cref="NetworkOffset"/>
/// from the frame, by the packet (the IP header on a SOCK_DGRAM socket).
/// <see cref="Status"/> is the hand-over word: the kernel writes a frame and then sets
/// TP_STATUS_USER; user space reads it and writes TP_STATUS_KERNEL back to return the frame.
/// </summary>
internal struct TPacket2Header
{
    public const uint StatusKernel = 0;
    public const uint StatusUser = 1 << 0;
    /// <summary>The packet was longer than the frame and was cut (or also cloned to the socket queue).</summary>
    public const uint StatusCopy = 1 << 1;
    public const uint StatusLosing = 1 << 2;
    /// <summary>CHECKSUM_PARTIAL: sent by this host, the transport checksum is still to be completed (holds only the pseudo-header sum).</summary>
    public const uint StatusChecksumNotReady = 1 << 3;
    /// <summary>The NIC or the kernel already verified the transport checksum.</summary>
    public const uint StatusChecksumValid = 1 << 7;

    /// <summary>TPACKET_ALIGN(sizeof(struct tpacket2_hdr)): where the frame's sockaddr_ll starts.</summary>
    public const int AddressOffset = 32;

    public uint Status;
    public uint Length;
    public uint SnapLength;
    public ushort MacOffset;
    public ushort NetworkOffset;
    public uint Seconds;
    public uint Nanoseconds;
    public ushort VlanTci;
    public ushort VlanTpid;
    public uint Padding;
}
