using System.Diagnostics;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Tests;

public class KernelClockTests
{
    // Bounds for "read between two other reads": generous (a preempted test thread), yet a wrong
    // clock, unit or sign would miss them by seconds to decades.
    private const long SlackNs = 50_000_000;

    [Fact]
    public void Stopwatch_counts_clock_monotonic_nanoseconds()
    {
        // The probes' send stamps are Stopwatch ticks; the conversion relies on them being CLOCK_MONOTONIC ns.
        Assert.Equal(1.0, KernelClock.NanosecondsPerTick);
        long before = Stopwatch.GetTimestamp();
        long monotonic = KernelClock.ReadNanoseconds(KernelClock.ClockMonotonic);
        long after = Stopwatch.GetTimestamp();

        Assert.InRange(monotonic, before, after);
    }

    [Fact]
    public void A_realtime_reading_converts_to_the_stopwatch_time_it_was_taken_at()
    {
        long offset = KernelClock.MeasureRealtimeOffset();
        long before = Stopwatch.GetTimestamp();
        long realtime = KernelClock.RealtimeNanoseconds();
        long after = Stopwatch.GetTimestamp();

        long converted = KernelClock.RealtimeToStopwatchNanoseconds(realtime, offset);

        Assert.InRange(converted, (long)(before * KernelClock.NanosecondsPerTick) - SlackNs, (long)(after * KernelClock.NanosecondsPerTick) + SlackNs);
    }

    [Fact]
    public void The_offset_is_realtime_minus_stopwatch()
    {
        long offset = KernelClock.MeasureRealtimeOffset();
        long expected = KernelClock.RealtimeNanoseconds() - (long)(Stopwatch.GetTimestamp() * KernelClock.NanosecondsPerTick);

        Assert.InRange(offset, expected - SlackNs, expected + SlackNs);
    }
}
