using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.FloorLoad.Floor;

/// <summary>
/// What the clients saw of the cycles started during one measured window. Latencies in nanoseconds: "kernel" ones end
/// at the client socket's receive timestamp (SO_TIMESTAMPNS), "app" ones when the tool's receive thread read the
/// datagram (adds the tool's own scheduling delay). Cycles are attributed by the time their request was sent.
/// </summary>
internal sealed class StepStats
{
    private readonly object _gate = new();

    /// <summary>Request sent → Floor Granted at the requesting client.</summary>
    public LatencyHistogram Grant { get; } = new();
    public LatencyHistogram GrantApp { get; } = new();
    /// <summary>Request sent → the last of the other members received Floor Taken.</summary>
    public LatencyHistogram TakenToAll { get; } = new();
    /// <summary>Release sent → the last member (the releaser included) received Floor Idle.</summary>
    public LatencyHistogram IdleToAll { get; } = new();

    public long Requests;
    public long Grants;
    /// <summary>Requests that got neither Granted nor Deny within the answer timeout.</summary>
    public long Unanswered;
    public long Denied;
    /// <summary>Per member and cycle: a Floor Taken / Floor Idle that never arrived.</summary>
    public long MissingTaken;
    public long MissingIdle;
    public long CyclesComplete;
    /// <summary>Request slots skipped because the group's previous cycle was still running.</summary>
    public long SlotsSkipped;

    public void RecordGrant(long kernelNs, long appNs)
    {
        lock (_gate)
        {
            Grants++;
            Grant.Record(kernelNs);
            GrantApp.Record(appNs);
        }
    }

    public void RecordTakenToAll(long ns)
    {
        lock (_gate) TakenToAll.Record(ns);
    }

    public void RecordIdleToAll(long ns)
    {
        lock (_gate)
        {
            IdleToAll.Record(ns);
            CyclesComplete++;
        }
    }

    public void Add(ref long counter, long amount = 1) => Interlocked.Add(ref counter, amount);

    /// <summary>Runs <paramref name="read"/> under the recording lock (histograms are not thread-safe).</summary>
    public T Read<T>(Func<StepStats, T> read)
    {
        lock (_gate) return read(this);
    }
}
