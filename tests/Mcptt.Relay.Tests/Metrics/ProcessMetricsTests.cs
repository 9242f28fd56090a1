using System.Text.RegularExpressions;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Metrics;

namespace Mcptt.Relay.Tests.Metrics;

public sealed partial class ProcessMetricsTests
{
    [Theory]
    [InlineData("mcptt_build_info", "gauge")]
    [InlineData("mcptt_uptime_seconds", "gauge")]
    [InlineData("process_cpu_seconds_total", "counter")]
    [InlineData("process_resident_memory_bytes", "gauge")]
    [InlineData("process_start_time_seconds", "gauge")]
    [InlineData("dotnet_gc_collections_total", "counter")]
    [InlineData("dotnet_gc_allocated_bytes_total", "counter")]
    public void Registers_the_standard_family(string name, string type)
    {
        var registry = new MetricsRegistry();
        ProcessMetrics.Register(registry);

        Assert.Contains($"# TYPE {name} {type}\n", registry.Render());
    }

    [Fact]
    public void Gc_collections_have_one_series_per_generation()
    {
        var registry = new MetricsRegistry();
        ProcessMetrics.Register(registry);
        var text = registry.Render();

        for (int g = 0; g <= GC.MaxGeneration; g++)
            Assert.Matches($"dotnet_gc_collections_total\\{{generation=\"{g}\"\\}} \\d+\\n", text);
    }

    [Fact]
    public void Build_info_is_one_with_version_revision_and_runtime_labels()
    {
        var registry = new MetricsRegistry();
        ProcessMetrics.Register(registry);

        Assert.Matches("mcptt_build_info\\{version=\"[^\"]+\",revision=\"[^\"]+\",runtime=\"\\.NET [^\"]+\"\\} 1\\n", registry.Render());
    }

    [Fact]
    public void Every_line_is_a_comment_or_a_well_formed_sample()
    {
        var registry = new MetricsRegistry();
        ProcessMetrics.Register(registry);
        var text = registry.Render();

        Assert.EndsWith("\n", text);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
            Assert.True(Comment().IsMatch(line) || Sample().IsMatch(line), $"malformed line: {line}");
        Assert.True(double.Parse(Value("process_resident_memory_bytes", text), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(Value("dotnet_gc_allocated_bytes_total", text), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private static string Value(string name, string text)
        => Regex.Match(text, $"^{name} (\\S+)$", RegexOptions.Multiline).Groups[1].Value;

    [GeneratedRegex("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$")]
    private static partial Regex Comment();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*\\})? (NaN|[+-]Inf|-?[0-9.]+(E[+-]?[0-9]+)?)$")]
    private static partial Regex Sample();
}
