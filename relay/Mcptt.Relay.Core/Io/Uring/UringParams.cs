using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>struct io_uring_params (120 bytes): what io_uring_setup(2) is asked for and answers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct UringParams
{
    public const int Size = 120;

    public uint SqEntries;
    public uint CqEntries;
    public uint Flags;
    public uint SqThreadCpu;
    public uint SqThreadIdle;
    public uint Features;
    public uint WqFd;
    public fixed uint Reserved[3];
    public SqRingOffsets SqOffsets;
    public CqRingOffsets CqOffsets;
}
