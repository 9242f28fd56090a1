namespace Mcptt.Floor.Server;

/// <summary>
/// A one-shot timer whose expiry runs under the session lock. Each start creates a fresh
/// <see cref="ITimer"/> tagged with a generation, so a callback already racing for the lock when
/// the timer was stopped or restarted is recognised as stale and ignored.
/// </summary>
internal sealed class SessionTimer : IDisposable
{
    private readonly FloorSession _owner;
    private readonly TimeProvider _time;
    private readonly Action _onExpiry;
    private ITimer? _timer;
    private long _generation;
    private DateTimeOffset _deadline;

    public SessionTimer(FloorSession owner, TimeProvider time, Action onExpiry)
    {
        _owner = owner;
        _time = time;
        _onExpiry = onExpiry;
    }

    public bool IsRunning { get; private set; }

    /// <summary>Time left, zero when stopped or overdue.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (!IsRunning) return TimeSpan.Zero;
            var left = _deadline - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>(Re)starts; must be called under the session lock.</summary>
    public void Start(TimeSpan due)
    {
        _timer?.Dispose();
        long generation = ++_generation;
        IsRunning = true;
        _deadline = _time.GetUtcNow() + due;
        _timer = _time.CreateTimer(static state => ((Tick)state!).Fire(), new Tick(this, generation), due, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        _generation++;
        IsRunning = false;
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose() => Stop();

    /// <summary>Called by the session under its lock.</summary>
    internal void Expire(long generation)
    {
        if (generation != _generation || !IsRunning) return;
        IsRunning = false;
        _timer?.Dispose();
        _timer = null;
        _onExpiry();
    }

    private sealed class Tick(SessionTimer timer, long generation)
    {
        public void Fire() => timer._owner.OnTimer(timer, generation);
    }
}
