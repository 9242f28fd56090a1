using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>Auto picks the cheapest unprivileged engine that works here, and says nothing when it has to settle.</summary>
public sealed class AutoEngineTests
{
    [Fact]
    public void Auto_RunsUring_WhenIoUringWorks()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var engine = new RelayEngine(new RelayOptions { PortMin = 41000, PortMax = 44999, Workers = 1 }, new MetricsRegistry(), () => 0);
        Assert.Equal(RelayEngineKind.Auto, engine.RequestedEngine);
        Assert.Equal(RelayEngineKind.Uring, engine.EngineKind);
        Assert.Null(engine.EngineFallbackReason);
    }

    [Theory]
    [InlineData(38)] // ENOSYS: no io_uring (or not x86-64)
    [InlineData(1)]  // EPERM: kernel.io_uring_disabled or a container's seccomp profile
    public void Auto_RunsBatched_WithoutIoUring_AndDoesNotWarn(int errno)
    {
        if (!OperatingSystem.IsLinux()) return;
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(new RelayOptions { PortMin = 41000, PortMax = 44999, Workers = 1 }, metrics, () => errno);
        Assert.Equal(RelayEngineKind.Batched, engine.EngineKind);
        Assert.Null(engine.EngineFallbackReason);
        Assert.Contains("mcptt_relay_engine{kind=\"batched\"} 1", metrics.Render());
    }

    [Fact]
    public void Auto_ThroughThePublicConstructor_MatchesWhatThisHostSupports()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var f = new RelayFixture(RelayEngineKind.Auto);
        Assert.Equal(Engines.UringAvailable ? RelayEngineKind.Uring : RelayEngineKind.Batched, f.Engine.EngineKind);
        Assert.Null(f.Engine.EngineFallbackReason);
    }
}
