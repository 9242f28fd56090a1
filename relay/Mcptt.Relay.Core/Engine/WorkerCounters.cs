namespace Mcptt.Relay.Core.Engine;

/// <summary>
/// One worker's counters. Single writer (the worker) with plain increments; readers (the scrape,
/// GetStats) use Volatile reads and sum over workers. The array is padded by a cache line on each
/// side so two workers' hot counters never share a line (no false sharing, no atomics).
/// Per-leg output counters are indexed by leg slot: any worker may send toward any leg, so each
/// worker keeps its own column and GetStats sums them.
/// </summary>
internal sealed class WorkerCounters
{
    public const int RtpIn = 0;
    public const int RtcpIn = 1;
    public const int RtpOut = 2;
    public const int RtcpOut = 3;
    public const int BytesIn = 4;
    public const int BytesOut = 5;
    public const int Diverted = 6;
    /// <summary>Receive syscalls (recvmmsg / ReceiveFrom): packets per call = batching efficiency.</summary>
    public const int ReceiveCalls = 7;
    /// <summary>Send syscalls (sendmmsg / SendTo).</summary>
    public const int SendCalls = 8;
    /// <summary>Readiness waits that returned work (epoll_wait / Select).</summary>
    public const int PollCalls = 9;
    private const int DroppedBase = 10;
    private const int Count = DroppedBase + DropReasons.Count;
    private const int Padding = 8; // 8 longs = 64 bytes

    private readonly long[] _values = new long[Padding + Count + Padding];

    public WorkerCounters(int legSlots)
    {
        LegOutPackets = new long[legSlots];
        LegOutBytes = new long[legSlots];
    }

    public long[] LegOutPackets { get; }
    public long[] LegOutBytes { get; }

    public void Add(int counter, long amount) => _values[Padding + counter] += amount;

    public void Increment(int counter) => _values[Padding + counter]++;

    public void Drop(DropReason reason) => _values[Padding + DroppedBase + (int)reason]++;

    public void Drop(DropReason reason, int count) => _values[Padding + DroppedBase + (int)reason] += count;

    public long Read(int counter) => Volatile.Read(ref _values[Padding + counter]);

    public long ReadDropped(DropReason reason) => Volatile.Read(ref _values[Padding + DroppedBase + (int)reason]);

    public void CountOut(int legSlot, bool rtcp, int bytes)
    {
        _values[Padding + (rtcp ? RtcpOut : RtpOut)]++;
        _values[Padding + BytesOut] += bytes;
        LegOutPackets[legSlot]++;
        LegOutBytes[legSlot] += bytes;
    }
}
