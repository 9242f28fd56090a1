using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// struct io_uring_buf (16 bytes): one entry of a provided-buffer ring. The ring's tail shares
/// storage with entry 0's Reserved field (offset 14), as the kernel's union io_uring_buf_ring lays it out.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UringBuf
{
    public const int Size = 16;
    public const int TailOffset = 14;

    public ulong Address;
    public uint Length;
    public ushort BufferId;
    public ushort Reserved;
}
