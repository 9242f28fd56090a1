using System.Globalization;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.FloorLoad.Report;

/// <summary>CPU time and resident memory of a process (the appliance or this tool) from /proc.</summary>
internal readonly record struct ProcessSample(long CpuNs, long RssBytes, long AtNs)
{
    public static ProcessSample? Take(int pid)
    {
        long? cpu = ProcessCpu.ReadNanoseconds(pid);
        if (cpu is null) return null;
        return new ProcessSample(cpu.Value, ReadRss(pid), Floor.Clock.NowNs());
    }

    /// <summary>Share of one core used between two samples, in percent.</summary>
    public static double CpuPercent(ProcessSample? from, ProcessSample? to)
        => from is { } a && to is { } b && b.AtNs > a.AtNs ? 100.0 * (b.CpuNs - a.CpuNs) / (b.AtNs - a.AtNs) : double.NaN;

    private static long ReadRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line[6..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
