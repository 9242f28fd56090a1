namespace Mcptt.Signaling.Auth;

public enum NonceUse : byte
{
    Accepted,
    /// <summary>The nonce-count was used before with this nonce (or the nonce was single-use and is spent): a replay.</summary>
    Replayed,
    /// <summary>The nonce may have been used before but its record was evicted: treat as stale, the client gets a new one.</summary>
    Forgotten,
}

/// <summary>
/// Remembers, for every nonce answered correctly, the highest nonce-count used with it, so a captured answer cannot
/// be replayed while the nonce is fresh (RFC 7616 §3.4.5). An answer without qop carries no count: its nonce is
/// single-use. Bounded: at most <c>capacity</c> nonces, leaving in the order they were issued; entries older than
/// the nonce lifetime leave first. When a still-fresh nonce has to leave, a watermark rises to its issue time and
/// every fresh nonce issued before it that is no longer known is "forgotten" (answered stale): eviction never
/// reopens a replay, it only costs a legitimate client one more challenge.
/// </summary>
internal sealed class NonceCountTracker
{
    private const uint Spent = uint.MaxValue;
    private readonly object _gate = new();
    private readonly Dictionary<UInt128, uint> _counts = new();
    private readonly PriorityQueue<UInt128, long> _byIssue = new();
    private readonly int _capacity;
    private readonly long _lifetimeMs;
    private long _watermarkMs = long.MinValue;

    public NonceCountTracker(int capacity, TimeSpan lifetime)
    {
        _capacity = capacity;
        _lifetimeMs = (long)lifetime.TotalMilliseconds;
    }

    public int Count
    {
        get { lock (_gate) return _counts.Count; }
    }

    /// <param name="count">The answer's nc (1 or more), or 0 for an answer without qop.</param>
    public NonceUse TryUse(NonceInfo nonce, uint count, long nowMs)
    {
        lock (_gate)
        {
            PurgeExpired(nowMs);
            if (_counts.TryGetValue(nonce.Id, out uint highest))
            {
                if (count == 0 || count <= highest) return NonceUse.Replayed;
                _counts[nonce.Id] = count;
                return NonceUse.Accepted;
            }
            if (nonce.IssuedAtMs <= _watermarkMs) return NonceUse.Forgotten;
            if (_counts.Count >= _capacity) EvictOldest();
            _counts[nonce.Id] = count == 0 ? Spent : count;
            _byIssue.Enqueue(nonce.Id, nonce.IssuedAtMs);
            return NonceUse.Accepted;
        }
    }

    private void PurgeExpired(long nowMs)
    {
        while (_byIssue.TryPeek(out var id, out long issuedAtMs) && nowMs - issuedAtMs > _lifetimeMs)
        {
            _byIssue.Dequeue();
            _counts.Remove(id);
        }
    }

    private void EvictOldest()
    {
        if (!_byIssue.TryDequeue(out var id, out long issuedAtMs)) return;
        _counts.Remove(id);
        _watermarkMs = Math.Max(_watermarkMs, issuedAtMs);
    }
}
