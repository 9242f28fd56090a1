using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>Opens the raw engine's sockets; both need CAP_NET_RAW (EPERM without it).</summary>
internal static unsafe class RawSockets
{
    private static readonly SockFilter[] DropAll = SocketFilters.DropAll();

    /// <summary>
    /// Receive buffer of a worker's raw socket: it queues every port the worker owns, so it must ride
    /// out a stall (a descheduled worker) that per-port sockets would have absorbed in many small
    /// buffers. Memory is only used while a backlog exists.
    /// </summary>
    public const int MinimumReceiveBufferBytes = 16 * 1024 * 1024;

    /// <summary>Send buffer of a worker's raw socket: one round's sendmmsg, fan-out included.</summary>
    public const int MinimumSendBufferBytes = 4 * 1024 * 1024;

    /// <summary>
    /// 0 when this process may open raw sockets, else the errno (EPERM/EACCES without CAP_NET_RAW,
    /// ENOSYS/EAFNOSUPPORT off Linux or in a sandbox). Opens and closes one socket.
    /// </summary>
    public static int Probe()
    {
        if (!OperatingSystem.IsLinux()) return Libc.EPERM;
        try
        {
            int fd = Open(Libc.IPPROTO_UDP, out int errno);
            if (fd < 0) return errno;
            Libc.Close(fd);
            return 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Libc.EPERM;
        }
    }

    /// <summary>A non-blocking raw IPv4 socket for <paramref name="protocol"/>; -1 and the errno on failure.</summary>
    public static int Open(int protocol, out int errno)
    {
        int fd = Libc.Socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, protocol);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    /// <summary>
    /// Discards what a socket queued before its filter was attached: between socket() and
    /// SO_ATTACH_FILTER a raw socket gets a copy of every UDP datagram on the host, and a stray one
    /// whose port falls in the range would otherwise be taken for media. Returns how many were dropped.
    /// </summary>
    public static int DiscardQueued(int fd)
    {
        byte* scratch = stackalloc byte[64];
        int discarded = 0;
        while (Libc.Recv(fd, scratch, 64, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC) >= 0) discarded++;
        return discarded;
    }

    /// <summary>Sets an int socket option; returns 0 or the errno.</summary>
    public static int SetInt(int fd, int name, int value) =>
        Libc.SetSockOpt(fd, Libc.SOL_SOCKET, name, &value, sizeof(int)) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Raises a buffer beyond net.core.[rw]mem_max when privileged (the *FORCE options), else as far as allowed.</summary>
    public static void SetBuffer(int fd, bool receive, int bytes)
    {
        if (SetInt(fd, receive ? Libc.SO_RCVBUFFORCE : Libc.SO_SNDBUFFORCE, bytes) != 0)
            SetInt(fd, receive ? Libc.SO_RCVBUF : Libc.SO_SNDBUF, bytes);
    }

    /// <summary>
    /// For engines that receive a leg's datagrams elsewhere (Raw, PacketRing): its UDP sockets keep
    /// the ports (no other process takes them, no ICMP port unreachable) and carry SendFromLeg, but
    /// get a drop-all filter and the minimum receive buffer, so the kernel frees their copy unqueued.
    /// </summary>
    public static void Silence(RelayLeg leg)
    {
        Silence(leg.RtpFd);
        if (!leg.SinglePort) Silence(leg.RtcpFd);
    }

    private static void Silence(int fd)
    {
        // Failure leaves the kernel queuing copies nobody reads: harmless (bounded by SO_RCVBUF), so not fatal.
        SocketFilters.Attach(fd, DropAll);
        SetInt(fd, Libc.SO_RCVBUF, 1); // the kernel's minimum
    }
}
