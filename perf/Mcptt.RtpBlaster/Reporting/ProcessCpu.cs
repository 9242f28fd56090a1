using System.Globalization;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// CPU time a process has used, all threads: the sum of /proc/&lt;pid&gt;/task/*/schedstat (nanoseconds)
/// when available, else utime+stime from /proc/&lt;pid&gt;/stat (clock ticks, 10 ms resolution).
/// Threads that exit between two readings are lost from the second; relay workers live for the run.
/// </summary>
internal static class ProcessCpu
{
    public static long? ReadNanoseconds(int pid)
    {
        try
        {
            long total = 0;
            bool any = false;
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                string text;
                try { text = File.ReadAllText(Path.Combine(task, "schedstat")); }
                catch (IOException) { continue; }
                int space = text.IndexOf(' ');
                if (space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out long ns))
                {
                    total += ns;
                    any = true;
                }
            }
            if (any) return total;
            return ReadStat(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? ReadStat(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may contain spaces and parentheses; fields resume after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) * 1_000_000_000L / LinuxUdp.ClockTicksPerSecond;
    }
}
