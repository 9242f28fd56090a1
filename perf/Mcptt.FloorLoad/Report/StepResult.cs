using System.Globalization;
using System.Text;
using Mcptt.FloorLoad.Floor;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.FloorLoad.Report;

/// <summary>Latency quantiles of one histogram, in microseconds.</summary>
public readonly record struct Quantiles(long Count, double P50Us, double P99Us, double MaxUs)
{
    internal static Quantiles Of(LatencyHistogram h) => new(h.Count, h.Percentile(0.50) / 1000.0, h.Percentile(0.99) / 1000.0, h.Max / 1000.0);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P50Us:0} / {P99Us:0} / {MaxUs:0}");
}

/// <summary>One measured step: what the clients saw while <see cref="ActiveGroups"/> groups cycled the floor.</summary>
public sealed record StepResult
{
    public required int ActiveGroups { get; init; }
    public required double Seconds { get; init; }
    public long Requests { get; init; }
    public long Grants { get; init; }
    public long Unanswered { get; init; }
    public long Denied { get; init; }
    public long MissingTaken { get; init; }
    public long MissingIdle { get; init; }
    public long CyclesComplete { get; init; }
    public long SlotsSkipped { get; init; }
    /// <summary>Request → Granted, ending at the client socket's kernel receive timestamp.</summary>
    public Quantiles Grant { get; init; }
    /// <summary>The same ending when the tool's thread read it.</summary>
    public Quantiles GrantApp { get; init; }
    public Quantiles TakenToAll { get; init; }
    public Quantiles IdleToAll { get; init; }
    public double RelayCpuPercent { get; init; }
    public long RelayRssBytes { get; init; }
    public double ToolCpuPercent { get; init; }
    /// <summary>UDP receive-queue overflows on the whole machine during the window (any socket).</summary>
    public long KernelUdpDrops { get; init; }

    public double GrantsPerSecond => Seconds > 0 ? Grants / Seconds : 0;

    internal static StepResult From(int active, double seconds, StepStats s, ProcessSample? relay0, ProcessSample? relay1,
        ProcessSample? self0, ProcessSample? self1, long udpDrops) => s.Read(x => new StepResult
    {
        ActiveGroups = active,
        Seconds = seconds,
        Requests = x.Requests,
        Grants = x.Grants,
        Unanswered = x.Unanswered,
        Denied = x.Denied,
        MissingTaken = x.MissingTaken,
        MissingIdle = x.MissingIdle,
        CyclesComplete = x.CyclesComplete,
        SlotsSkipped = x.SlotsSkipped,
        Grant = Quantiles.Of(x.Grant),
        GrantApp = Quantiles.Of(x.GrantApp),
        TakenToAll = Quantiles.Of(x.TakenToAll),
        IdleToAll = Quantiles.Of(x.IdleToAll),
        RelayCpuPercent = ProcessSample.CpuPercent(relay0, relay1),
        RelayRssBytes = relay1?.RssBytes ?? 0,
        ToolCpuPercent = ProcessSample.CpuPercent(self0, self1),
        KernelUdpDrops = udpDrops,
    });

    public const string TableHeader =
        "| active groups | grants/s | requests | grants | unanswered | denied | missing Taken | missing Idle | grant p50/p99/max µs | grant (app) p50/p99/max µs | Taken to all p50/p99/max µs | Idle to all p50/p99/max µs | relay CPU % | relay RSS MiB | tool CPU % |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|---:|---:|";

    public string TableRow()
    {
        var row = new StringBuilder();
        row.Append(CultureInfo.InvariantCulture, $"| {ActiveGroups} | {GrantsPerSecond:0} | {Requests} | {Grants} | {Unanswered} | {Denied} | {MissingTaken} | {MissingIdle} ");
        row.Append(CultureInfo.InvariantCulture, $"| {Grant} | {GrantApp} | {TakenToAll} | {IdleToAll} ");
        row.Append(CultureInfo.InvariantCulture, $"| {RelayCpuPercent:0.0} | {RelayRssBytes / 1048576.0:0} | {ToolCpuPercent:0.0} |");
        return row.ToString();
    }
}
