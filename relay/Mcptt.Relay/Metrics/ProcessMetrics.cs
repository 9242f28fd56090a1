using System.Diagnostics;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Hosting;

namespace Mcptt.Relay.Metrics;

/// <summary>
/// Process and runtime metrics every appliance exports, named as the Prometheus client libraries name them
/// (process_*, dotnet_*) so stock dashboards work. Values are read at scrape time.
/// </summary>
public static class ProcessMetrics
{
    public static void Register(MetricsRegistry registry)
    {
        long started = Stopwatch.GetTimestamp();
        double startTimeSeconds;
        using (var self = Process.GetCurrentProcess())
            startTimeSeconds = (self.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;

        registry.Gauge("mcptt_build_info", "Build of the running appliance; the value is always 1.", () => 1,
            ("version", ApplianceVersion.Version), ("revision", ApplianceVersion.Revision),
            ("runtime", RuntimeInformation.FrameworkDescription));
        registry.Gauge("mcptt_uptime_seconds", "Seconds since the appliance started.",
            () => Stopwatch.GetElapsedTime(started).TotalSeconds);
        registry.CounterFunc("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
            () => Environment.CpuUsage.TotalTime.TotalSeconds);
        registry.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
            () => Environment.WorkingSet);
        registry.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            () => startTimeSeconds);
        if (OperatingSystem.IsLinux())
            registry.Gauge("process_open_fds", "Number of open file descriptors.", CountOpenFileDescriptors);
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            int g = generation;
            registry.CounterFunc("dotnet_gc_collections_total", "Garbage collections per generation since start.",
                () => GC.CollectionCount(g), ("generation", g.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        registry.CounterFunc("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since start.",
            () => GC.GetTotalAllocatedBytes(precise: false));
        registry.Gauge("dotnet_gc_heap_size_bytes", "Bytes currently thought to be allocated on the managed heap.",
            () => GC.GetTotalMemory(forceFullCollection: false));
        registry.Gauge("dotnet_threadpool_threads", "Thread pool threads that currently exist.",
            () => ThreadPool.ThreadCount);
    }

    private static double CountOpenFileDescriptors()
    {
        try
        {
            int count = 0;
            foreach (var _ in Directory.EnumerateFileSystemEntries("/proc/self/fd")) count++;
            return count;
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
