namespace Mcptt.Floor.Server;

/// <summary>Queued floor requests, ordered by priority (highest first) then arrival.</summary>
internal sealed class FloorQueue
{
    private readonly List<Entry> _entries = new();
    private long _arrivals;

    public int Count => _entries.Count;

    public bool Contains(FloorParticipant participant) => IndexOf(participant) >= 0;

    /// <summary>1-based position, 0 when not queued.</summary>
    public int PositionOf(FloorParticipant participant) => IndexOf(participant) + 1;

    public byte PriorityOf(FloorParticipant participant)
    {
        int i = IndexOf(participant);
        return i < 0 ? (byte)0 : _entries[i].Priority;
    }

    /// <summary>Adds in order; a participant already queued keeps its place.</summary>
    public void Enqueue(FloorParticipant participant, byte priority)
    {
        if (Contains(participant)) return;
        var entry = new Entry(participant, priority, _arrivals++);
        int at = _entries.Count;
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Priority < priority) { at = i; break; }
        }
        _entries.Insert(at, entry);
    }

    public bool Remove(FloorParticipant participant)
    {
        int i = IndexOf(participant);
        if (i < 0) return false;
        _entries.RemoveAt(i);
        return true;
    }

    public bool TryDequeue(out FloorParticipant participant, out byte priority)
    {
        if (_entries.Count == 0)
        {
            participant = null!;
            priority = 0;
            return false;
        }
        (participant, priority, _) = _entries[0];
        _entries.RemoveAt(0);
        return true;
    }

    public FloorParticipant this[int index] => _entries[index].Participant;

    public void Clear() => _entries.Clear();

    private int IndexOf(FloorParticipant participant)
    {
        for (int i = 0; i < _entries.Count; i++)
            if (ReferenceEquals(_entries[i].Participant, participant)) return i;
        return -1;
    }

    private readonly record struct Entry(FloorParticipant Participant, byte Priority, long Arrival);
}
