namespace Mcptt.Floor.Server;

/// <summary>
/// A one-shot timer whose expiry runs under the session lock. One <see cref="ITimer"/> per session timer, created on
/// first start and re-armed with <see cref="ITimer.Change"/> afterwards: a talk burst restarts five timers, and a new
/// timer per start cost an allocation and a timer-queue insert and delete each. A callback that races with a stop or
/// restart is recognised by the deadline: stopped means ignored, not yet due means re-armed for what is left.
/// </summary>
internal sealed class SessionTimer : IDisposable
{
    private readonly FloorSession _owner;
    private readonly TimeProvider _time;
    private readonly Action _onExpiry;
    private ITimer? _timer;
    private long _deadline; // in _time.GetTimestamp() units
    private bool _disposed;

    public SessionTimer(FloorSession owner, TimeProvider time, Action onExpiry)
    {
        _owner = owner;
        _time = time;
        _onExpiry = onExpiry;
    }

    public bool IsRunning { get; private set; }

    /// <summary>Time left, zero when stopped or overdue.</summary>
    public TimeSpan Remaining => IsRunning ? Left(_time.GetTimestamp()) : TimeSpan.Zero;

    /// <summary>(Re)starts; must be called under the session lock.</summary>
    public void Start(TimeSpan due)
    {
        if (_disposed) return;
        IsRunning = true;
        _deadline = _time.GetTimestamp() + (long)(due.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
        if (_timer is null) _timer = _time.CreateTimer(static state => ((SessionTimer)state!).Fire(), this, due, Timeout.InfiniteTimeSpan);
        else _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        if (!IsRunning) return;
        IsRunning = false;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops for good (the session ends); under the session lock.</summary>
    public void Dispose()
    {
        IsRunning = false;
        _disposed = true;
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Called by the session under its lock.</summary>
    internal void Expire()
    {
        if (!IsRunning) return;
        var left = Left(_time.GetTimestamp());
        if (left > TimeSpan.Zero)
        {
            // Restarted after this callback was already on its way (or the clock's tick is coarser than the due
            // time's): the pending change fires later; arming it again for what is left is the same and never loses it.
            _timer?.Change(left, Timeout.InfiniteTimeSpan);
            return;
        }
        IsRunning = false;
        _onExpiry();
    }

    private void Fire() => _owner.OnTimer(this);

    private TimeSpan Left(long now)
    {
        long ticks = (long)((_deadline - now) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency);
        return ticks > 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }
}
