using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Tests.Support;

/// <summary>
/// Puts an IPv4 packet on the loopback device exactly as given, through an AF_PACKET socket: unlike
/// IPPROTO_RAW, the kernel fixes nothing (header checksum, total length), so it reaches receivers that
/// sit before the IP layer (the PacketRing engine) as a broken NIC or an attacker would deliver it.
/// Needs CAP_NET_RAW.
/// </summary>
internal static unsafe partial class PacketInjector
{
    public static void Send(byte[] ipPacket)
    {
        int fd = Libc.Socket(Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, BinaryPrimitives.ReverseEndianness(Libc.ETH_P_IP));
        Assert.True(fd >= 0, $"AF_PACKET socket: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            var to = new SockAddrLl
            {
                Family = Libc.AF_PACKET,
                Protocol = BinaryPrimitives.ReverseEndianness(Libc.ETH_P_IP),
                InterfaceIndex = (int)IfNameToIndex("lo"),
                AddressLength = 6, // lo's all-zero MAC: the looped frame is PACKET_HOST
            };
            fixed (byte* data = ipPacket)
            {
                nint sent = SendTo(fd, data, (nuint)ipPacket.Length, 0, &to, (uint)sizeof(SockAddrLl));
                Assert.True(sent == ipPacket.Length, $"sendto on AF_PACKET: {sent}, errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>RFC 1071 header checksum, written into bytes 10..11 of a 20-byte IPv4 header.</summary>
    public static byte[] WithHeaderChecksum(byte[] packet)
    {
        packet[10] = 0;
        packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~RawIp.SlowSum(packet.AsSpan(0, 20)));
        return packet;
    }

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, void* buffer, nuint length, int flags, void* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);
}
