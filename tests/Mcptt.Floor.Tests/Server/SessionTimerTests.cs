using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;

namespace Mcptt.Floor.Tests.Server;

/// <summary>
/// One ITimer per session timer, re-armed: a callback that was already on its way when the timer was stopped or
/// restarted must neither fire the expiry early nor lose it. The stale callback is simulated by calling Expire
/// (what the timer's callback does under the session lock) at a moment of the test's choosing.
/// </summary>
public sealed class SessionTimerTests
{
    private readonly FloorHarness _harness = new();
    private int _expiries;

    private SessionTimer NewTimer() => new(_harness.Session, _harness.Time, () => _expiries++);

    [Fact]
    public void Expires_once_at_its_deadline()
    {
        var timer = NewTimer();
        timer.Start(TimeSpan.FromSeconds(1));

        _harness.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, _expiries);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _expiries);
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _expiries);
        Assert.False(timer.IsRunning);
    }

    [Fact]
    public void Stale_callback_after_a_restart_rearms_for_the_rest_instead_of_expiring_early()
    {
        var timer = NewTimer();
        timer.Start(TimeSpan.FromSeconds(1));
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        timer.Start(TimeSpan.FromSeconds(1)); // due at 1.5 s now

        timer.Expire(); // the first arming's callback, late
        Assert.Equal(0, _expiries);
        Assert.True(timer.IsRunning);

        _harness.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, _expiries);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _expiries);
    }

    [Fact]
    public void Stale_callback_after_a_stop_is_ignored()
    {
        var timer = NewTimer();
        timer.Start(TimeSpan.FromSeconds(1));
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        timer.Stop();

        timer.Expire();
        _harness.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, _expiries);
        Assert.Equal(TimeSpan.Zero, timer.Remaining);
    }

    [Fact]
    public void Restarts_reuse_one_timer_and_dispose_releases_it()
    {
        var timer = NewTimer();
        int before = _harness.Time.ActiveTimers;
        for (int i = 0; i < 100; i++)
        {
            timer.Start(TimeSpan.FromSeconds(1));
            timer.Stop();
        }
        timer.Start(TimeSpan.FromSeconds(1));
        Assert.Equal(before + 1, _harness.Time.ActiveTimers);

        timer.Dispose();
        timer.Start(TimeSpan.FromSeconds(1)); // a disposed timer stays stopped
        Assert.Equal(before, _harness.Time.ActiveTimers);
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, _expiries);
    }
}
