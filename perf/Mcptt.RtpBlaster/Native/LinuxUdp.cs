using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mcptt.RtpBlaster.Native;

/// <summary>
/// sendmmsg/recvmmsg over a .NET socket's descriptor (x86-64/arm64 Linux layouts). One syscall per
/// batch is what lets a single blaster thread offer a few hundred kpps; a Socket.SendTo loop would
/// measure the harness instead of the relay.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int MsgWaitForOne = 0x10000;
    private const int EAGAIN = 11, EINTR = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>struct sockaddr_in: family, port (network order), address (network order), zero padding.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 16)]
    public struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;

        public static SockAddrIn From(IPEndPoint endpoint)
        {
            if (endpoint.Address.AddressFamily != AddressFamily.InterNetwork)
                throw new ArgumentException($"IPv4 destinations only, got {endpoint}", nameof(endpoint));
            Span<byte> bytes = stackalloc byte[4];
            endpoint.Address.TryWriteBytes(bytes, out _);
            return new SockAddrIn
            {
                Family = (ushort)AddressFamily.InterNetwork,
                Port = (ushort)IPAddress.HostToNetworkOrder((short)endpoint.Port),
                Address = MemoryMarshal.Read<uint>(bytes),
            };
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int recvmmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc")]
    private static partial long sysconf(int name);

    public static bool IsSupported => OperatingSystem.IsLinux() && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64);

    public static long ClockTicksPerSecond => OperatingSystem.IsLinux() ? sysconf(2 /* _SC_CLK_TCK */) : 100;

    /// <summary>Sends all <paramref name="count"/> messages (retrying partial batches); returns how many were sent, -errno on a hard error.</summary>
    public static int SendAll(Socket socket, MMsgHdr* messages, int count)
    {
        int fd = (int)socket.Handle;
        int done = 0;
        while (done < count)
        {
            int n = sendmmsg(fd, messages + done, (uint)(count - done), 0);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                return done > 0 ? done : -errno;
            }
            done += n;
        }
        return done;
    }

    /// <summary>Blocks until at least one datagram (or the socket's receive timeout); 0 on timeout.</summary>
    public static int Receive(Socket socket, MMsgHdr* messages, int count)
    {
        int n = recvmmsg((int)socket.Handle, messages, (uint)count, MsgWaitForOne, null);
        if (n >= 0) return n;
        int errno = Marshal.GetLastPInvokeError();
        return errno is EAGAIN or EINTR ? 0 : -errno;
    }
}
