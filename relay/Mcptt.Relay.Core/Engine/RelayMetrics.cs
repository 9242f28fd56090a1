using Mcptt.Relay.Core.Io;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Core.Engine;

/// <summary>
/// Declares the data plane's metrics once. Every series is a function summing the per-worker
/// counters at scrape time: workers never touch shared state to be observable.
/// </summary>
internal static class RelayMetrics
{
    public static Counter Register(MetricsRegistry registry, RelayEngine engine, RelayWorker[] workerThreads)
    {
        var workers = engine.Counters;
        const string packetsHelp = "RTP/RTCP datagrams accepted from peers (in: valid and from the right source, forwarded or gated) and sent to peers (out).";
        registry.CounterFunc("mcptt_relay_packets_total", packetsHelp, () => Sum(workers, WorkerCounters.RtpIn), ("kind", "rtp"), ("dir", "in"));
        registry.CounterFunc("mcptt_relay_packets_total", packetsHelp, () => Sum(workers, WorkerCounters.RtpOut), ("kind", "rtp"), ("dir", "out"));
        registry.CounterFunc("mcptt_relay_packets_total", packetsHelp, () => Sum(workers, WorkerCounters.RtcpIn), ("kind", "rtcp"), ("dir", "in"));
        registry.CounterFunc("mcptt_relay_packets_total", packetsHelp, () => Sum(workers, WorkerCounters.RtcpOut), ("kind", "rtcp"), ("dir", "out"));

        const string bytesHelp = "UDP payload bytes received (in, every datagram) and sent (out) by the media workers.";
        registry.CounterFunc("mcptt_relay_bytes_total", bytesHelp, () => Sum(workers, WorkerCounters.BytesIn), ("dir", "in"));
        registry.CounterFunc("mcptt_relay_bytes_total", bytesHelp, () => Sum(workers, WorkerCounters.BytesOut), ("dir", "out"));

        for (int r = 0; r < DropReasons.Count; r++)
        {
            var reason = (DropReason)r;
            registry.CounterFunc("mcptt_relay_dropped_total", "Datagrams (or datagram copies toward one listener) the data plane dropped, by reason.",
                () => SumDropped(workers, reason), ("reason", DropReasons.Label(reason)));
        }

        const string ioHelp = "Kernel crossings by the media workers; packets_total / io_calls_total{op=\"recv\"} is the receive batching factor.";
        registry.CounterFunc("mcptt_relay_io_calls_total", ioHelp, () => Sum(workers, WorkerCounters.ReceiveCalls), ("op", "recv"));
        registry.CounterFunc("mcptt_relay_io_calls_total", ioHelp, () => Sum(workers, WorkerCounters.SendCalls), ("op", "send"));
        registry.CounterFunc("mcptt_relay_io_calls_total", ioHelp, () => Sum(workers, WorkerCounters.PollCalls), ("op", "poll"));

        registry.CounterFunc("mcptt_relay_diverted_total", "Floor control datagrams handed to the control plane.",
            () => Sum(workers, WorkerCounters.Diverted));
        var controlSent = registry.Counter("mcptt_relay_control_sent_total", "Control-plane datagrams sent from a leg's socket (SendFromLeg).");
        registry.CounterFunc("mcptt_relay_divert_handler_errors_total", "Exceptions thrown by PacketDiverted subscribers.",
            () => engine.DivertHandlerErrors);

        foreach (var worker in workerThreads)
        {
            var w = worker;
            registry.CounterFunc("mcptt_relay_worker_allocated_bytes_total",
                "Managed heap bytes allocated by a media worker thread since start; flat in steady state (zero-allocation forwarding).",
                () => w.AllocatedBytes, ("worker", w.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            registry.Gauge("mcptt_relay_worker_pinned", "1 when the worker thread is pinned to its CoreList CPU.",
                () => w.Pinned ? 1 : 0, ("worker", w.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            registry.Gauge("mcptt_relay_worker_realtime", "1 when the worker thread runs under SCHED_FIFO (RealtimePriority).",
                () => w.Realtime ? 1 : 0, ("worker", w.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            registry.Gauge("mcptt_relay_worker_faulted", "1 when a media worker thread stopped on an unexpected exception.",
                () => w.Fault is null ? 0 : 1, ("worker", w.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        registry.Gauge("mcptt_relay_engine", "1 for the I/O engine the data plane actually runs (after Auto and any fallback).",
            () => 1, ("kind", engine.EngineKind.ToString().ToLowerInvariant()));
        registry.Gauge("mcptt_relay_legs", "Allocated legs.", () => engine.LegCount);
        registry.Gauge("mcptt_relay_ports_free", "Media ports available for new legs (two per even/odd pair).", () => engine.FreePorts);
        registry.Gauge("mcptt_relay_bridges", "Bridges in existence.", () => engine.BridgeCount);
        return controlSent;
    }

    private static double Sum(WorkerCounters[] workers, int counter)
    {
        long total = 0;
        foreach (var w in workers) total += w.Read(counter);
        return total;
    }

    private static double SumDropped(WorkerCounters[] workers, DropReason reason)
    {
        long total = 0;
        foreach (var w in workers) total += w.ReadDropped(reason);
        return total;
    }
}
