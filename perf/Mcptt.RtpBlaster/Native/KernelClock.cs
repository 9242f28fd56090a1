using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mcptt.RtpBlaster.Native;

/// <summary>
/// Maps the kernel's receive timestamps (CLOCK_REALTIME) onto the probes' send stamps (Stopwatch,
/// which on Linux is CLOCK_MONOTONIC in nanoseconds).
/// <para>
/// Why an offset instead of stamping the sender with CLOCK_REALTIME: the "app" latency must keep
/// its meaning (Stopwatch at both ends), the sender stays untouched, and one subtraction per packet
/// is all the sink pays. The offset is REALTIME − MONOTONIC, sampled as a Stopwatch read, a REALTIME
/// read and a second Stopwatch read back to back, keeping the sample with the smallest gap (an
/// interrupt or preemption between the reads widens the gap; the midpoint of the narrowest pair is
/// within a few tens of ns of the truth).
/// </para>
/// <para>
/// Drift: NTP slews CLOCK_REALTIME and CLOCK_MONOTONIC by the same frequency adjustment, so their
/// difference does not drift at all over a 2-20 s trial; it changes only if the wall clock is stepped
/// (settimeofday, a leap second), which a perf run on a managed host does not see. Each trial's sink
/// measures the offset afresh anyway.
/// </para>
/// </summary>
internal static unsafe partial class KernelClock
{
    public const int ClockRealtime = 0;
    public const int ClockMonotonic = 1;
    private const long NanosPerSecond = 1_000_000_000;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;

        public readonly long TotalNanoseconds => Seconds * NanosPerSecond + Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, TimeSpec* time);

    public static long ReadNanoseconds(int clock)
    {
        TimeSpec time;
        clock_gettime(clock, &time);
        return time.TotalNanoseconds;
    }

    public static long RealtimeNanoseconds() => ReadNanoseconds(ClockRealtime);

    /// <summary>Nanoseconds per Stopwatch tick (1.0 on Linux).</summary>
    public static double NanosecondsPerTick { get; } = (double)NanosPerSecond / Stopwatch.Frequency;

    /// <summary>CLOCK_REALTIME − Stopwatch time in ns, from the narrowest of <paramref name="tries"/> back-to-back samples.</summary>
    public static long MeasureRealtimeOffset(int tries = 7)
    {
        long bestGap = long.MaxValue, offset = 0;
        for (int i = 0; i < tries; i++)
        {
            long before = Stopwatch.GetTimestamp();
            long realtime = RealtimeNanoseconds();
            long after = Stopwatch.GetTimestamp();
            long gap = after - before;
            if (gap >= bestGap) continue;
            bestGap = gap;
            offset = realtime - (long)((before + gap / 2) * NanosecondsPerTick);
        }
        return offset;
    }

    /// <summary>A CLOCK_REALTIME time (ns) as Stopwatch nanoseconds, given <see cref="MeasureRealtimeOffset"/>'s result.</summary>
    public static long RealtimeToStopwatchNanoseconds(long realtimeNanoseconds, long offset) => realtimeNanoseconds - offset;
}
