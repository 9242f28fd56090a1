using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>struct io_uring_cqe (16 bytes; the ring is not set up with CQE32).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UringCqe
{
    public const int Size = 16;

    public ulong UserData;
    /// <summary>Bytes transferred, or a negated errno.</summary>
    public int Result;
    public uint Flags;
}
