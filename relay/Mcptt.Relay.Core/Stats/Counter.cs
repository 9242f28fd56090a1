namespace Mcptt.Relay.Core.Stats;

/// <summary>
/// A monotonically increasing control-plane counter (SIP requests, registrations, ng commands).
/// Interlocked is fine here: these move a few thousand times a second at most. The data plane
/// does not use this type; its workers keep plain per-worker counters exposed through
/// <see cref="MetricsRegistry.CounterFunc"/>.
/// </summary>
public sealed class Counter
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Inc() => Interlocked.Increment(ref _value);

    public void Add(long amount) => Interlocked.Add(ref _value, amount);
}
