using Mcptt.Integration.Tests.Appliance;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Metrics;

/// <summary>/metrics judged by Prometheus' own tools: promtool's linter and a real scrape.</summary>
[Collection(ApplianceCollection.Name)]
public sealed class MetricsExpositionTests
{
    [Fact]
    public async Task Metrics_pass_promtool_check_metrics_without_lint_warnings()
    {
        await using var app = await AppProcess.StartAsync();
        var (status, body, contentType) = await app.GetAsync("metrics");

        var check = await Promtool.CheckMetricsAsync(body);

        Assert.Equal(200, status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", contentType);
        Assert.True(check.ExitCode == 0, $"{check.Describe()}\n--- exposition ---\n{body}");
        Assert.Equal("", check.StdOut.Trim() + check.StdErr.Trim());
        Assert.Equal(1, MetricsText.Value(body, "mcptt_build_info", null) ?? MetricsText.Sum(body, "mcptt_build_info"));
        Assert.True(MetricsText.Value(body, "process_resident_memory_bytes") > 0, body);
        Assert.NotNull(MetricsText.Value(body, "dotnet_gc_collections_total", "generation=\"0\""));
    }

    [Fact]
    public async Task Real_prometheus_scrapes_the_appliance()
    {
        await using var app = await AppProcess.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(app.HttpTarget, job: "mcptt");

        var up = await prometheus.WaitForAsync("up{job=\"mcptt\"}", v => v == 1, TimeSpan.FromSeconds(30));
        var build = await prometheus.WaitForAsync("mcptt_build_info{job=\"mcptt\"}", v => v == 1, TimeSpan.FromSeconds(10));
        var samples = await prometheus.WaitForAsync("scrape_samples_scraped{job=\"mcptt\"}", v => v > 0, TimeSpan.FromSeconds(10));

        Assert.Equal(1, up);
        Assert.Equal(1, build);
        Assert.True(samples >= 10, $"only {samples} samples scraped");
    }
}
