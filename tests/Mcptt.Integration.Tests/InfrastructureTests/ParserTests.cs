using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.InfrastructureTests;

public sealed class ParserTests
{
    [Fact]
    public void Tshark_rtp_streams_rows_are_parsed()
    {
        const string output = """
            ========================= RTP Streams ========================
               Start time      End time     Src IP addr  Port    Dest IP addr  Port       SSRC          Payload  Pkts         Lost   Min Delta(ms)  Mean Delta(ms)   Max Delta(ms)  Min Jitter(ms) Mean Jitter(ms)  Max Jitter(ms) Problems?
                 0.000000      1.002792       127.0.0.1 39900       127.0.0.1 26000 0x00001234            g711U    50     0 (0.0%)          20.162          20.465          30.562           0.026           0.387           0.766 
                 0.100000      1.002792       127.0.0.1 39902       127.0.0.1 26002 0xDEADBEEF     RTPType-96    48     -2 (-4.2%)          20.162          20.465          30.562           0.026           0.387           0.766 X
            ==============================================================
            """;

        var rows = TsharkCapture.ParseRtpStreams(output);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new RtpStreamRow("127.0.0.1", 39900, "127.0.0.1", 26000, 0x1234, "g711U", 50, 0), rows[0]);
        Assert.Equal(0xDEADBEEF, rows[1].Ssrc);
        Assert.Equal("RTPType-96", rows[1].Payload);
        Assert.Equal((48, -2), (rows[1].Packets, rows[1].Lost));
    }

    [Fact]
    public void Sipp_stats_take_the_last_row()
    {
        using var dir = new TempDirectory("sippstats");
        var path = dir.File("stats.csv");
        File.WriteAllText(path,
            "StartTime;OutgoingCall(C);SuccessfulCall(C);FailedCall(C);\n" +
            "2026-01-01\t00:00:00;0;0;0;\n" +
            "2026-01-01\t00:00:05;100;98;2;\n");

        var stats = SippStats.Parse(path);

        Assert.NotNull(stats);
        Assert.Equal((100, 98, 2), (stats.OutgoingCalls, stats.SuccessfulCalls, stats.FailedCalls));
        Assert.Null(SippStats.Parse(dir.File("missing.csv")));
    }

    [Fact]
    public void Metrics_text_values_by_name_and_labels()
    {
        const string text = "# HELP a_total x\n# TYPE a_total counter\na_total{k=\"1\"} 3\na_total{k=\"2\"} 4.5\nb 7\nbb 1\n";

        Assert.Equal(3, MetricsText.Value(text, "a_total", "k=\"1\""));
        Assert.Equal(7.5, MetricsText.Sum(text, "a_total"));
        Assert.Equal(7, MetricsText.Value(text, "b"));
        Assert.Equal(7, MetricsText.Sum(text, "b"));
        Assert.Null(MetricsText.Value(text, "c"));
    }

    [Fact]
    public void Free_port_blocks_are_aligned_free_and_never_repeated()
    {
        int a = FreePorts.Block(4, alignment: 4);
        int b = FreePorts.Block(4, alignment: 4);

        Assert.Equal(0, a % 4);
        Assert.Equal(0, b % 4);
        Assert.True(b >= a + 4 || a >= b + 4, $"{a} and {b} overlap");
        Assert.True(FreePorts.IsFree(a + 3, System.Net.Sockets.ProtocolType.Udp));
    }
}
