using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>Whether this kernel and process can run the Uring engine.</summary>
internal static unsafe class UringSupport
{
    private const int ProbeHeaderBytes = 16;
    private const int ProbeOpBytes = 8;
    private const int ProbeOps = 64;

    /// <summary>
    /// 0 when io_uring can be set up with a provided-buffer ring and supports RECVMSG, SENDMSG,
    /// ASYNC_CANCEL and POLL_ADD; else the errno: ENOSYS (no io_uring, or not Linux), EPERM
    /// (kernel.io_uring_disabled or a seccomp policy), EINVAL (a kernel too old for what is needed).
    /// </summary>
    public static int Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return Libc.ENOSYS;
        UringRing? ring;
        try
        {
            ring = UringRing.TryCreate(8, 16, out int errno);
            if (ring is null) return errno;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Libc.ENOSYS;
        }
        using (ring)
        {
            using var buffers = ProvidedBufferRing.TryCreate(ring, 0, 8, 64, out int errno);
            if (buffers is null) return errno;
            return OpsSupported(ring.Fd) ? 0 : Libc.EINVAL;
        }
    }

    private static bool OpsSupported(int ringFd)
    {
        const int bytes = ProbeHeaderBytes + ProbeOps * ProbeOpBytes;
        byte* probe = stackalloc byte[bytes];
        new Span<byte>(probe, bytes).Clear();
        if (Libc.IoUringRegister(ringFd, UringAbi.RegisterProbe, probe, ProbeOps) < 0) return false;
        int known = probe[1]; // ops_len
        return Supported(probe, known, UringAbi.OpRecvMsg) && Supported(probe, known, UringAbi.OpSendMsg)
            && Supported(probe, known, UringAbi.OpAsyncCancel) && Supported(probe, known, UringAbi.OpPollAdd);
    }

    private static bool Supported(byte* probe, int known, byte op)
    {
        if (op >= known) return false;
        ushort flags = *(ushort*)(probe + ProbeHeaderBytes + op * ProbeOpBytes + 2);
        return (flags & UringAbi.OpSupported) != 0;
    }
}
