namespace Mcptt.Signaling.Auth;

/// <summary>
/// Remembers the highest nonce-count seen per nonce so a captured qop=auth request cannot be replayed
/// while its nonce is fresh. Bounded: entries older than the nonce lifetime are purged, and at capacity
/// the oldest are evicted (a client that loses its entry is told stale=true and simply gets a new nonce).
/// </summary>
internal sealed class NonceCountTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (long IssuedAtMs, uint Count)> _seen = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public NonceCountTracker(int capacity) => _capacity = capacity;

    /// <summary>True when <paramref name="count"/> is higher than every count used before with this nonce.</summary>
    public bool TryAdvance(string nonce, long issuedAtMs, uint count, long nowMs, long lifetimeMs)
    {
        lock (_gate)
        {
            if (_seen.TryGetValue(nonce, out var previous))
            {
                if (count <= previous.Count) return false;
                _seen[nonce] = (issuedAtMs, count);
                return true;
            }
            if (_seen.Count >= _capacity) Evict(nowMs, lifetimeMs);
            _seen[nonce] = (issuedAtMs, count);
            return true;
        }
    }

    private void Evict(long nowMs, long lifetimeMs)
    {
        var expired = new List<string>();
        foreach (var (nonce, entry) in _seen)
            if (nowMs - entry.IssuedAtMs > lifetimeMs) expired.Add(nonce);
        foreach (var nonce in expired) _seen.Remove(nonce);
        if (_seen.Count < _capacity) return;
        var oldest = _seen.OrderBy(e => e.Value.IssuedAtMs).Take(_capacity / 4 + 1).Select(e => e.Key).ToList();
        foreach (var nonce in oldest) _seen.Remove(nonce);
    }
}
