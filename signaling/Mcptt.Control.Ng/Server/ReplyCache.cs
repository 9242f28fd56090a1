using System.Net;

namespace Mcptt.Control.Ng.Server;

/// <summary>
/// Replies by (client endpoint, cookie), so a retransmitted command is answered again without running
/// twice (an offer run twice would allocate a second set of ports). Bounded by count and age; not
/// thread-safe (the server's single receive loop owns it).
/// </summary>
internal sealed class ReplyCache(int capacity, TimeSpan ttl, TimeProvider time)
{
    private readonly Dictionary<(IPEndPoint Client, string Cookie), (byte[] Reply, DateTimeOffset Expires)> _entries = new();
    private readonly Queue<(IPEndPoint Client, string Cookie)> _order = new();

    public int Count => _entries.Count;

    public bool TryGet(IPEndPoint client, string cookie, out byte[] reply)
    {
        Expire();
        if (_entries.TryGetValue((client, cookie), out var entry))
        {
            reply = entry.Reply;
            return true;
        }
        reply = Array.Empty<byte>();
        return false;
    }

    public void Add(IPEndPoint client, string cookie, byte[] reply)
    {
        Expire();
        var key = (client, cookie);
        if (_entries.ContainsKey(key)) return;
        while (_entries.Count >= capacity && _order.TryDequeue(out var oldest)) _entries.Remove(oldest);
        _entries[key] = (reply, time.GetUtcNow() + ttl);
        _order.Enqueue(key);
    }

    /// <summary>Entries are queued in insertion order with one TTL, so expiry only ever looks at the head.</summary>
    private void Expire()
    {
        var now = time.GetUtcNow();
        while (_order.TryPeek(out var oldest))
        {
            if (_entries.TryGetValue(oldest, out var entry) && entry.Expires > now) break;
            _order.Dequeue();
            _entries.Remove(oldest);
        }
    }
}
