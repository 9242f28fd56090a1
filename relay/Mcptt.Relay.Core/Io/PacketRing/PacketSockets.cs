using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;
using Mcptt.Relay.Core.Io.Raw;

namespace Mcptt.Relay.Core.Io.PacketRing;

/// <summary>What the PacketRing engine needs from the OS: an AF_PACKET socket and a raw IPPROTO_RAW socket, both CAP_NET_RAW.</summary>
internal static class PacketSockets
{
    /// <summary>
    /// 0 when this process may open both sockets, else the first errno (EPERM/EACCES without
    /// CAP_NET_RAW, EAFNOSUPPORT in a sandbox without packet sockets). Opens and closes each once.
    /// </summary>
    public static int Probe()
    {
        if (!OperatingSystem.IsLinux()) return Libc.EPERM;
        try
        {
            int fd = OpenPacket(out int errno);
            if (fd < 0) return errno;
            Libc.Close(fd);
            fd = RawSockets.Open(Libc.IPPROTO_RAW, out errno);
            if (fd < 0) return errno;
            Libc.Close(fd);
            return 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Libc.EPERM;
        }
    }

    /// <summary>
    /// A non-blocking SOCK_DGRAM packet socket (the kernel strips the link header: frames start at
    /// the IP header) with protocol 0, so it receives nothing until it is bound to a protocol.
    /// -1 and the errno on failure.
    /// </summary>
    public static int OpenPacket(out int errno)
    {
        int fd = Libc.Socket(Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }
}
