using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Native;

/// <summary>Thread scheduling policy calls (sched(7)); pid 0 means the calling thread.</summary>
internal static unsafe partial class Libc
{
    public const int SCHED_OTHER = 0;
    public const int SCHED_FIFO = 1;

    [LibraryImport(Library, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SchedSetScheduler(int pid, int policy, int* priority);

    [LibraryImport(Library, EntryPoint = "sched_getscheduler", SetLastError = true)]
    public static partial int SchedGetScheduler(int pid);
}
