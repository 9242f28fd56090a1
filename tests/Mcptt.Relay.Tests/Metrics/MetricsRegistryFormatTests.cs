using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Tests.Metrics;

/// <summary>The text exposition format 0.0.4 as Prometheus parses it.</summary>
public sealed class MetricsRegistryFormatTests
{
    [Fact]
    public void Family_has_one_help_and_one_type_line_before_its_samples()
    {
        var registry = new MetricsRegistry();
        registry.Counter("mcptt_sip_requests_total", "SIP requests received.", ("method", "INVITE")).Add(3);
        registry.Counter("mcptt_sip_requests_total", "SIP requests received.", ("method", "REGISTER")).Inc();
        registry.Gauge("mcptt_calls_active", "Calls in progress.", () => 2);

        Assert.Equal(
            "# HELP mcptt_sip_requests_total SIP requests received.\n" +
            "# TYPE mcptt_sip_requests_total counter\n" +
            "mcptt_sip_requests_total{method=\"INVITE\"} 3\n" +
            "mcptt_sip_requests_total{method=\"REGISTER\"} 1\n" +
            "# HELP mcptt_calls_active Calls in progress.\n" +
            "# TYPE mcptt_calls_active gauge\n" +
            "mcptt_calls_active 2\n",
            registry.Render());
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        var registry = new MetricsRegistry();
        registry.Gauge("mcptt_test", "h", () => 1, ("path", "a\\b\"c\nd"));

        Assert.Contains("mcptt_test{path=\"a\\\\b\\\"c\\nd\"} 1\n", registry.Render());
    }

    [Fact]
    public void Help_escapes_backslash_and_newline_but_not_quotes()
    {
        var registry = new MetricsRegistry();
        registry.Gauge("mcptt_test", "line1\nsay \"hi\" \\o/", () => 1);

        Assert.Contains("# HELP mcptt_test line1\\nsay \"hi\" \\\\o/\n", registry.Render());
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(123456789012, "123456789012")]
    public void Values_use_invariant_prometheus_spelling(double value, string expected)
    {
        var registry = new MetricsRegistry();
        registry.Gauge("mcptt_test", "h", () => value);

        Assert.EndsWith($"mcptt_test {expected}\n", registry.Render());
    }

    [Fact]
    public void Same_name_and_labels_twice_is_rejected()
    {
        var registry = new MetricsRegistry();
        registry.Gauge("mcptt_test", "h", () => 1, ("a", "1"));

        var e = Assert.Throws<InvalidOperationException>(() => registry.Gauge("mcptt_test", "h", () => 2, ("a", "1")));
        Assert.Contains("mcptt_test", e.Message);
    }

    [Fact]
    public void Same_name_with_another_type_is_rejected()
    {
        var registry = new MetricsRegistry();
        registry.Gauge("mcptt_test_total", "h", () => 1);

        Assert.Throws<InvalidOperationException>(() => registry.CounterFunc("mcptt_test_total", "h", () => 1));
    }

    [Fact]
    public void Counter_without_total_suffix_is_rejected()
    {
        var registry = new MetricsRegistry();

        Assert.Throws<ArgumentException>(() => registry.Counter("mcptt_packets", "h"));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("mcptt-dash")]
    [InlineData("")]
    [InlineData("mcptt packets")]
    public void Invalid_metric_name_is_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().Gauge(name, "h", () => 1));
    }

    [Theory]
    [InlineData("__reserved")]
    [InlineData("has-dash")]
    [InlineData("9lives")]
    public void Invalid_label_name_is_rejected(string label)
    {
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().Gauge("mcptt_test", "h", () => 1, (label, "v")));
    }

    [Fact]
    public void Counter_values_are_read_at_render_time()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("mcptt_events_total", "h");
        Assert.EndsWith("mcptt_events_total 0\n", registry.Render());

        counter.Add(41);
        counter.Inc();

        Assert.EndsWith("mcptt_events_total 42\n", registry.Render());
    }
}
