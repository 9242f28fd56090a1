using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>struct io_uring_buf_reg (40 bytes): registers a provided-buffer ring (IORING_REGISTER_PBUF_RING).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct UringBufReg
{
    public const int Size = 40;

    public ulong RingAddress;
    public uint RingEntries;
    public ushort GroupId;
    public ushort Flags;
    public fixed ulong Reserved[3];
}
