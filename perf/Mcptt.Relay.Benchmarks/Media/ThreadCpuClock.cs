using System.Runtime.InteropServices;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID). On a shared, loaded 2-core machine the
/// wall clock measures the scheduler as much as the code; the thread's own CPU time measures the code.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static long NowNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var time) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }
}
