using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.RtpBlaster.Tests;

public sealed class MachineCpuTests
{
    [Fact]
    public void Busy_ticks_are_user_nice_system_irq_softirq_without_idle_iowait_steal()
    {
        //            user nice system idle  iowait irq softirq steal guest guest_nice
        var line = "cpu  100  20   300    9000  50     7   11      900   40    0";
        Assert.Equal(100 + 20 + 300 + 7 + 11, MachineCpu.ParseBusyTicks(line));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cpu0 1 2 3 4 5 6 7 8")] // a per-CPU line, not the aggregate
    [InlineData("cpu  1 2 3")]
    [InlineData("cpu  1 2 x 4 5 6 7 8")]
    public void Anything_but_the_aggregate_line_is_refused(string? line)
    {
        Assert.Null(MachineCpu.ParseBusyTicks(line));
    }

    [Fact]
    public void Busy_time_grows_while_this_thread_spins()
    {
        long before = MachineCpu.ReadBusyNanoseconds() ?? throw new InvalidOperationException("/proc/stat unreadable");
        // Ticks are 10 ms and a VM may be paused (stolen time is not busy time), so spin until 30 ms of
        // busy time show up, bounded at 3 s; a reader stuck on a constant or an idle field never gets there.
        long after = before;
        var until = Environment.TickCount64 + 3000;
        while (after - before < 30_000_000 && Environment.TickCount64 < until)
        {
            Thread.SpinWait(10_000);
            after = MachineCpu.ReadBusyNanoseconds()!.Value;
        }
        Assert.True(after - before >= 30_000_000, $"busy time grew by {after - before} ns in 3 s of spinning");
    }
}
