using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Engine;

/// <summary>
/// Bounded single-producer (one worker) / single-consumer (the divert dispatcher thread) ring of
/// preallocated datagram copies. No locks and no allocation on the worker: when full, the packet
/// is dropped and counted (divert_queue_full) instead of blocking media forwarding.
/// </summary>
internal sealed class DivertRing
{
    private const int Pad = 8;
    private readonly Entry[] _entries;
    private readonly int _mask;
    // [Pad] = head (consumer), [3 * Pad] = tail (producer): separate cache lines.
    private readonly long[] _positions = new long[4 * Pad];

    public DivertRing(int capacity)
    {
        int size = 1;
        while (size < capacity) size <<= 1;
        _entries = new Entry[size];
        for (int i = 0; i < size; i++) _entries[i] = new Entry();
        _mask = size - 1;
        Capacity = capacity;
    }

    public int Capacity { get; }

    private ref long Head => ref _positions[Pad];
    private ref long Tail => ref _positions[3 * Pad];

    public bool TryEnqueue(RelayLeg leg, long source, ReadOnlySpan<byte> datagram)
    {
        long tail = Tail;
        if (tail - Volatile.Read(ref Head) >= Capacity) return false;
        var entry = _entries[tail & _mask];
        datagram.CopyTo(entry.Data);
        entry.Length = datagram.Length;
        entry.Source = source;
        entry.Leg = leg;
        Volatile.Write(ref Tail, tail + 1); // publishes the entry's fields
        return true;
    }

    /// <summary>Consumer: the oldest entry, or null when empty. Call <see cref="Release"/> when done with it.</summary>
    public Entry? Peek()
    {
        long head = Head;
        return head == Volatile.Read(ref Tail) ? null : _entries[head & _mask];
    }

    public void Release()
    {
        var entry = _entries[Head & _mask];
        entry.Leg = null;
        Volatile.Write(ref Head, Head + 1);
    }

    internal sealed class Entry
    {
        public byte[] Data { get; } = new byte[PacketSlab.SlotSize];
        public int Length;
        public long Source;
        public RelayLeg? Leg;
    }
}
