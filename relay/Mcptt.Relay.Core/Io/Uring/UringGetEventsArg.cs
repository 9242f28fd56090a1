using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>struct io_uring_getevents_arg (24 bytes): io_uring_enter's IORING_ENTER_EXT_ARG argument, used for its timeout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UringGetEventsArg
{
    public const int Size = 24;

    public ulong SigMask;
    public uint SigMaskSize;
    public uint MinWaitMicroseconds;
    /// <summary>Address of a struct __kernel_timespec.</summary>
    public ulong Timespec;
}
