using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Native;

/// <summary>
/// io_uring(7) system calls through syscall(2): glibc has no wrappers and liburing is not a
/// dependency of the appliance. Numbers are x86-64's (the only architecture the relay ships for).
/// Each returns -1 with errno set on failure, like any libc call.
/// </summary>
internal static unsafe partial class Libc
{
    public const int ENOENT = 2;
    public const int EBADF = 9;
    public const int ENOMEM = 12;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int ETIME = 62;
    public const int ENOBUFS = 105;
    public const int ECANCELED = 125;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    private const long SysIoUringSetup = 425;
    private const long SysIoUringEnter = 426;
    private const long SysIoUringRegister = 427;

    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall6(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    public static int IoUringSetup(uint entries, void* parameters) =>
        (int)Syscall6(SysIoUringSetup, (nint)entries, (nint)parameters, 0, 0, 0, 0);

    public static int IoUringEnter(int fd, uint toSubmit, uint minComplete, uint flags, void* argument, nuint argumentSize) =>
        (int)Syscall6(SysIoUringEnter, fd, (nint)toSubmit, (nint)minComplete, (nint)flags, (nint)argument, (nint)argumentSize);

    public static int IoUringRegister(int fd, uint opcode, void* argument, uint count) =>
        (int)Syscall6(SysIoUringRegister, fd, (nint)opcode, (nint)argument, (nint)count, 0, 0);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);
}
