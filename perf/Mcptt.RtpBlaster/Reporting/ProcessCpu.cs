using System.Globalization;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// CPU time a process has used, all threads including ones that already exited: utime+stime from
/// /proc/&lt;pid&gt;/stat, in clock ticks (USER_HZ, normally 100, so 10 ms resolution: about 2 % of a
/// 2 s trial at 25 % of a core). Summing /proc/&lt;pid&gt;/task/*/schedstat would give nanoseconds but
/// loses the time of threads that exit between readings (the .NET thread pool retires idle threads),
/// which made differences go negative.
/// </summary>
internal static class ProcessCpu
{
    public static long? ReadNanoseconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces and parentheses; fields resume after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) * 1_000_000_000L / LinuxUdp.ClockTicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
