using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Io;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

public sealed class RealtimeSchedulingTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(100)]
    public void PriorityOutsideFifoRange_IsRejected(int priority)
    {
        var errors = new RelayOptions { RealtimePriority = priority }.Validate();
        Assert.Contains(errors, e => e.Contains(nameof(RelayOptions.RealtimePriority), StringComparison.Ordinal));
    }

    [Fact]
    public void BusyPollUnderFifo_IsRejected()
    {
        var errors = new RelayOptions { RealtimePriority = 10, BusyPoll = true }.Validate();
        var error = Assert.Single(errors);
        Assert.Contains("BusyPoll", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_RunUnderFifo_WhenPermitted_AndSayWhyNotOtherwise_AndStillRelay()
    {
        bool permitted = RealtimeScheduling.Probe(5) == 0;
        using var f = new RelayFixture(RelayEngineKind.Batched, o => o.RealtimePriority = 5);

        // Either the workers run under SCHED_FIFO, or the engine tells the operator why not: never silently normal.
        Assert.Equal(permitted, f.Engine.SchedulingWarning is null);
        if (!permitted) Assert.Contains("CAP_SYS_NICE", f.Engine.SchedulingWarning!, StringComparison.Ordinal);
        double expected = permitted ? 1 : 0;
        Assert.True(RelayFixture.Eventually(() =>
            f.Metric("mcptt_relay_worker_realtime{worker=\"0\"}") == expected
            && f.Metric("mcptt_relay_worker_realtime{worker=\"1\"}") == expected));

        RelayFixture.AssertRelaysOneToOne(f.Engine);
    }

    [Fact]
    public void Probe_LeavesTheCallingThreadUnderNormalScheduling()
    {
        RealtimeScheduling.Probe(5);
        Assert.False(RealtimeScheduling.CurrentThreadIsFifo());
    }

    [Fact]
    public void NoPriority_NoFifo_NoWarning()
    {
        using var f = new RelayFixture(RelayEngineKind.Batched);
        Assert.Null(f.Engine.SchedulingWarning);
        Assert.True(RelayFixture.Eventually(() => f.Metric("mcptt_relay_worker_realtime{worker=\"0\"}") == 0));
    }
}
