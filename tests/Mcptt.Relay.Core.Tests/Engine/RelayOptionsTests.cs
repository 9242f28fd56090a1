using System.Net;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Core.Tests.Engine;

public sealed class RelayOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndDocumented()
    {
        var o = new RelayOptions();
        Assert.Empty(o.Validate());
        Assert.Equal(IPAddress.Loopback, o.MediaAddress);
        Assert.Equal(30000, o.PortMin);
        Assert.Equal(39999, o.PortMax);
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), o.Workers);
        Assert.Equal(32, o.BatchSize);
        Assert.Equal(RelayEngineKind.Auto, o.Engine);
        Assert.Equal(TimeSpan.FromSeconds(3), o.LearningWindow);
    }

    [Theory]
    [InlineData(nameof(RelayOptions.PortMin))]
    [InlineData(nameof(RelayOptions.PortMax))]
    [InlineData(nameof(RelayOptions.Workers))]
    [InlineData(nameof(RelayOptions.BatchSize))]
    [InlineData(nameof(RelayOptions.MaxDivertQueue))]
    [InlineData(nameof(RelayOptions.LearningWindow))]
    [InlineData(nameof(RelayOptions.MediaAddress))]
    [InlineData(nameof(RelayOptions.CoreList))]
    public void EachInvalidSetting_IsNamedInItsMessage(string setting)
    {
        var o = new RelayOptions();
        switch (setting)
        {
            case nameof(RelayOptions.PortMin): o.PortMin = 0; break;
            case nameof(RelayOptions.PortMax): o.PortMax = 70000; break;
            case nameof(RelayOptions.Workers): o.Workers = 0; break;
            case nameof(RelayOptions.BatchSize): o.BatchSize = 5000; break;
            case nameof(RelayOptions.MaxDivertQueue): o.MaxDivertQueue = 0; break;
            case nameof(RelayOptions.LearningWindow): o.LearningWindow = TimeSpan.FromSeconds(-1); break;
            case nameof(RelayOptions.MediaAddress): o.MediaAddress = IPAddress.IPv6Loopback; break;
            case nameof(RelayOptions.CoreList): o.CoreList = [-1]; break;
        }
        var errors = o.Validate();
        Assert.Single(errors);
        Assert.Contains(setting, errors[0]);
    }

    [Fact]
    public void RangeWithoutAPair_IsRejected()
    {
        var o = new RelayOptions { PortMin = 30001, PortMax = 30002 };
        Assert.Contains(o.Validate(), e => e.Contains("PortMin..PortMax", StringComparison.Ordinal));
    }

    [Fact]
    public void Engine_RefusesInvalidOptions_WithTheMessages()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RelayEngine(new RelayOptions { BatchSize = 0 }, new MetricsRegistry()));
        Assert.Contains("BatchSize", ex.Message);
    }

    [Fact]
    public void Engine_RegistersItsMetrics()
    {
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(new RelayOptions { PortMin = 46000, PortMax = 46009, Workers = 1 }, metrics);
        var text = metrics.Render();
        foreach (var series in new[]
        {
            "mcptt_relay_packets_total{kind=\"rtp\",dir=\"in\"}", "mcptt_relay_packets_total{kind=\"rtcp\",dir=\"out\"}",
            "mcptt_relay_bytes_total{dir=\"in\"}", "mcptt_relay_dropped_total{reason=\"send_error\"}",
            "mcptt_relay_dropped_total{reason=\"divert_queue_full\"}", "mcptt_relay_legs 0", "mcptt_relay_ports_free 10",
            "mcptt_relay_bridges 0",
        })
        {
            Assert.Contains(series, text);
        }
    }

    [Fact]
    public void CoreList_PinsWorkers_OnLinux()
    {
        if (!OperatingSystem.IsLinux()) return;
        var metrics = new MetricsRegistry();
        using var engine = new RelayEngine(new RelayOptions { PortMin = 46010, PortMax = 46019, Workers = 1, CoreList = [0] }, metrics);
        Assert.True(Support.RelayFixture.Eventually(() => metrics.Render().Contains("mcptt_relay_worker_pinned{worker=\"0\"} 1", StringComparison.Ordinal)));
    }

    [Fact]
    public void SecondEngineOnOneRegistry_IsRefused_WithoutDisturbingTheFirst()
    {
        var metrics = new MetricsRegistry();
        using var first = new RelayEngine(new RelayOptions { PortMin = 46020, PortMax = 46029, Workers = 1 }, metrics);
        Assert.Throws<InvalidOperationException>(() => new RelayEngine(new RelayOptions { PortMin = 46030, PortMax = 46039, Workers = 1 }, metrics));
        Assert.NotNull(first.AllocateLeg(new Mcptt.Relay.Core.Control.LegOptions()));
        Assert.Contains("mcptt_relay_legs 1", metrics.Render());
    }
}
