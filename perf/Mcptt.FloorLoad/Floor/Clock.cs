using System.Diagnostics;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.FloorLoad.Floor;

/// <summary>The one time base of the tool: Stopwatch in nanoseconds (CLOCK_MONOTONIC on Linux).</summary>
internal static class Clock
{
    public static long NowNs() => (long)(Stopwatch.GetTimestamp() * KernelClock.NanosecondsPerTick);

    public static long ToNs(long stopwatchTicks) => (long)(stopwatchTicks * KernelClock.NanosecondsPerTick);

    public static long MsToNs(double ms) => (long)(ms * 1_000_000);
}
