using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io;

/// <summary>Pins the calling thread to one CPU (Linux sched_setaffinity with pid 0 = this thread).</summary>
internal static unsafe class CpuAffinity
{
    public static bool TryPinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu < 0 || cpu >= 1024) return false;
        ulong* mask = stackalloc ulong[16]; // 1024 CPUs
        new Span<ulong>(mask, 16).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        return Libc.SchedSetAffinity(0, 16 * sizeof(ulong), mask) == 0;
    }
}
