namespace Mcptt.Signaling.Sip;

/// <summary>How a <see cref="SourceTable{T, TPolicy}"/> chooses what to forget: the entry with the lowest value goes.</summary>
public interface ISourceRetention<T> where T : struct
{
    /// <summary>How much keeping <paramref name="entry"/> is worth at <paramref name="nowMs"/> (e.g. its last-seen time,
    /// raised for entries that hold a ban or a verification). Expired entries should return <see cref="long.MinValue"/>.</summary>
    static abstract long Value(in T entry, long nowMs);
}

/// <summary>
/// Fixed-size per-source state, as Kamailio's pike tree and htable hold it but without growing: a set-associative table
/// (4 ways per set) whose memory is fixed at construction. A lookup touches one set; a new source replaces the least
/// valuable entry of its set (<typeparamref name="TPolicy"/>), so a flood of spoofed sources costs no memory and only
/// evicts other low-value entries. The set index is a keyed hash (randomized per process) so an attacker cannot aim
/// many sources at one set. Not thread-safe: the owner locks.
/// </summary>
public sealed class SourceTable<T, TPolicy> where T : struct where TPolicy : struct, ISourceRetention<T>
{
    private const int Ways = 4;
    private readonly SourceKey[] _keys;
    private readonly T[] _values;
    private readonly bool[] _used;
    private readonly int _setMask;

    /// <param name="capacity">Entries; rounded up to a power of two, at least one set.</param>
    public SourceTable(int capacity)
    {
        int sets = (int)Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, Ways)) / Ways);
        _setMask = sets - 1;
        _keys = new SourceKey[sets * Ways];
        _values = new T[sets * Ways];
        _used = new bool[sets * Ways];
    }

    public int Capacity => _keys.Length;

    /// <summary>Entries in use.</summary>
    public int Count { get; private set; }

    /// <summary>The entry of <paramref name="key"/>; <paramref name="found"/> false (and a dummy reference) when absent.</summary>
    public ref T Find(SourceKey key, out bool found)
    {
        int start = SetOf(key);
        for (int i = start; i < start + Ways; i++)
        {
            if (_used[i] && _keys[i] == key)
            {
                found = true;
                return ref _values[i];
            }
        }
        found = false;
        return ref _values[start];
    }

    /// <summary>The entry of <paramref name="key"/>, creating it (default <typeparamref name="T"/>, <paramref name="added"/>
    /// true) in a free way of its set or in place of the set's least valuable entry.</summary>
    public ref T FindOrAdd(SourceKey key, long nowMs, out bool added)
    {
        ref T existing = ref Find(key, out bool found);
        if (found)
        {
            added = false;
            return ref existing;
        }
        int start = SetOf(key);
        int victim = -1;
        long lowest = long.MaxValue;
        for (int i = start; i < start + Ways; i++)
        {
            if (!_used[i])
            {
                victim = i;
                Count++;
                break;
            }
            long value = TPolicy.Value(_values[i], nowMs);
            if (victim < 0 || value < lowest)
            {
                victim = i;
                lowest = value;
            }
        }
        _used[victim] = true;
        _keys[victim] = key;
        _values[victim] = default;
        added = true;
        return ref _values[victim];
    }

    /// <summary>Forgets every entry whose value is <see cref="long.MinValue"/> (expired); returns how many went.</summary>
    public int Sweep(long nowMs)
    {
        int removed = 0;
        for (int i = 0; i < _keys.Length; i++)
        {
            if (_used[i] && TPolicy.Value(_values[i], nowMs) == long.MinValue)
            {
                _used[i] = false;
                _values[i] = default;
                removed++;
            }
        }
        Count -= removed;
        return removed;
    }

    /// <summary>Entries in use that match <paramref name="predicate"/> (for gauges at scrape time; O(capacity)).</summary>
    public int CountWhere(Func<T, bool> predicate)
    {
        int n = 0;
        for (int i = 0; i < _keys.Length; i++)
            if (_used[i] && predicate(_values[i])) n++;
        return n;
    }

    private int SetOf(SourceKey key) => (HashCode.Combine(key.Value) & _setMask) * Ways;
}
