using System.Buffers;
using System.Text;
using Mcptt.Relay.Core.Stats;
using Xunit;

namespace Mcptt.Relay.Core.Tests.Stats;

public class MetricsRegistryTests
{
    [Fact]
    public void Renders_help_type_labels_escapes_and_special_values_in_the_text_format()
    {
        var registry = new MetricsRegistry();
        var hits = registry.Counter("demo_hits_total", "Hits\nby \\ path.", ("path", "a\"b\\c\nd"));
        hits.Inc();
        hits.Inc();
        registry.Gauge("demo_ratio", "A ratio.", () => 0.1);
        registry.Gauge("demo_nan", "Not a number.", () => double.NaN);
        registry.Gauge("demo_inf", "Infinite.", () => double.PositiveInfinity, ("side", "up"));
        registry.Gauge("demo_inf", "Infinite.", () => double.NegativeInfinity, ("side", "down"));

        Assert.Equal(
            "# HELP demo_hits_total Hits\\nby \\\\ path.\n# TYPE demo_hits_total counter\n" +
            "demo_hits_total{path=\"a\\\"b\\\\c\\nd\"} 2\n" +
            "# HELP demo_ratio A ratio.\n# TYPE demo_ratio gauge\ndemo_ratio 0.1\n" +
            "# HELP demo_nan Not a number.\n# TYPE demo_nan gauge\ndemo_nan NaN\n" +
            "# HELP demo_inf Infinite.\n# TYPE demo_inf gauge\ndemo_inf{side=\"up\"} +Inf\ndemo_inf{side=\"down\"} -Inf\n",
            registry.Render());
    }

    [Fact]
    public void A_scrape_into_a_warm_buffer_allocates_nothing()
    {
        var registry = new MetricsRegistry();
        for (int i = 0; i < 50; i++)
        {
            var counter = registry.Counter("demo_events_total", "Events.", ("kind", $"k{i}"));
            for (int n = 0; n < i; n++) counter.Inc();
        }
        registry.Gauge("demo_big", "Large values.", () => 1.2345678901234567e300);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        registry.RenderUtf8(buffer);
        int expectedLength = buffer.WrittenCount;
        buffer.ResetWrittenCount();

        long before = GC.GetAllocatedBytesForCurrentThread();
        registry.RenderUtf8(buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(expectedLength, buffer.WrittenCount);
        Assert.Contains("demo_events_total{kind=\"k49\"} 49\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Contains("demo_big 1.2345678901234567E+300\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
