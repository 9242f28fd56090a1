using System.Runtime.InteropServices;

namespace Mcptt.RtpBlaster.Native;

/// <summary>
/// Ancillary data of a received datagram (x86-64/arm64 Linux): a sequence of cmsghdr records, each
/// padded to 8 bytes. Only the software receive timestamp is read.
/// <code>
/// struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; /* data, 8-aligned */ };  16 bytes
/// SCM_TIMESTAMPNS data: struct timespec { long tv_sec; long tv_nsec; };                       16 bytes
/// </code>
/// cmsg_len covers header + data (unpadded); the next record starts at the 8-aligned end.
/// </summary>
internal static unsafe class ControlMessages
{
    public const int SolSocket = 1;
    /// <summary>SO_TIMESTAMPNS (the 64-bit "old" value, which is the native one on 64-bit), equal to SCM_TIMESTAMPNS.</summary>
    public const int SoTimestampNs = 35;
    public const int ScmTimestampNs = SoTimestampNs;

    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    public static int HeaderBytes => sizeof(CmsgHdr);

    /// <summary>CMSG_SPACE(dataBytes): header plus data, each rounded up to 8.</summary>
    public static int Space(int dataBytes) => Align(sizeof(CmsgHdr)) + Align(dataBytes);

    private static int Align(int bytes) => (bytes + 7) & ~7;

    /// <summary>Finds SCM_TIMESTAMPNS in <paramref name="control"/> (the msg_controllen bytes the kernel filled); CLOCK_REALTIME ns.</summary>
    public static bool TryReadTimestampNs(ReadOnlySpan<byte> control, out long realtimeNanoseconds)
    {
        realtimeNanoseconds = 0;
        int header = sizeof(CmsgHdr);
        int offset = 0;
        while (offset + header <= control.Length)
        {
            var cmsg = MemoryMarshal.Read<CmsgHdr>(control[offset..]);
            // A length shorter than the header or past the buffer is malformed: stop rather than loop.
            if (cmsg.Length < (nuint)header || cmsg.Length > (nuint)(control.Length - offset)) return false;
            int length = (int)cmsg.Length;
            if (cmsg.Level == SolSocket && cmsg.Type == ScmTimestampNs && length >= header + sizeof(KernelClock.TimeSpec))
            {
                realtimeNanoseconds = MemoryMarshal.Read<KernelClock.TimeSpec>(control.Slice(offset + header)).TotalNanoseconds;
                return true;
            }
            offset += Align(length);
        }
        return false;
    }
}
