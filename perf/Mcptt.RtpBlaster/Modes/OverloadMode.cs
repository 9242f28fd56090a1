using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mcptt.RtpBlaster.Load;
using Mcptt.RtpBlaster.Ng;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.RtpBlaster.Modes;

/// <summary>
/// overload: N ng calls, then a sequence of phases "rate:seconds,..." (e.g. a spike at 1.5x the
/// loss-free maximum, then a normal rate) sent back to back by one sender into one sink, with every
/// packet counted per stream in fixed time buckets (by send time) on both sides. Writes the grid as
/// CSV (--csv) and prints one summary line per phase; overload_report.py turns the CSV into
/// spike loss, per-stream fairness, muted streams and recovery time.
/// </summary>
internal static class OverloadMode
{
    private const uint SsrcBase = 0x5EED0000;

    public static int Run(Options o)
    {
        var server = o.EndPoint("ng") ?? throw new ArgumentException("overload needs --ng HOST:PORT");
        int streams = o.Int("streams", 100);
        var phases = ParsePhases(o.String("phases") ?? throw new ArgumentException("overload needs --phases RATE:SECONDS[,RATE:SECONDS...]"));
        double bucketMs = o.Double("bucket-ms", 100);
        string csv = o.String("csv") ?? throw new ArgumentException("overload needs --csv FILE");
        int payload = o.Int("payload", 160);
        string prefix = o.String("call-prefix") ?? "overload-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        bool json = o.Flag("json");
        double maxLagMs = o.Double("max-lag-ms", 20);
        o.RejectUnknown();

        var address = IPAddress.Loopback;
        using var senderSocket = Trial.UdpSocket(new IPEndPoint(address, 0));
        using var sinkSocket = Trial.UdpSocket(new IPEndPoint(address, 0));
        using var client = new NgClient(server);
        var setup = new CallSetup(client, prefix);
        try
        {
            var targets = setup.Create(streams, (IPEndPoint)senderSocket.LocalEndPoint!, (IPEndPoint)sinkSocket.LocalEndPoint!);
            using var sender = new PacedSender(senderSocket, targets, SsrcBase, payload);
            // Warm-up at a gentle rate so every stream's source is latched before the grid starts.
            Trial.Run("overload-warmup", sender, sinkSocket, streams, SsrcBase, Math.Min(2000, 20 * streams), TimeSpan.FromSeconds(0.5), null);

            double totalSeconds = phases.Sum(p => p.Seconds);
            long ticksPerBucket = (long)(bucketMs / 1000.0 * Stopwatch.Frequency);
            int buckets = (int)Math.Ceiling(totalSeconds * 1000.0 / bucketMs);
            long origin = Stopwatch.GetTimestamp();
            var sentGrid = new BucketGrid(origin, ticksPerBucket, buckets, streams);
            var receivedGrid = new BucketGrid(origin, ticksPerBucket, buckets, streams);
            sender.SentBuckets = sentGrid;
            sender.MaxLag = maxLagMs > 0 ? TimeSpan.FromMilliseconds(maxLagMs) : null;
            using var sink = new Sink(sinkSocket, streams, SsrcBase) { ReceivedBuckets = receivedGrid };
            sink.Start();
            var results = new List<(double Rate, double Seconds, PacedSender.Result Sent)>();
            foreach (var (rate, seconds) in phases)
            {
                // Each phase starts where the previous one ended in time, so bucket boundaries match the
                // phase boundaries as closely as the pacing loop allows.
                results.Add((rate, seconds, sender.Run(rate, TimeSpan.FromSeconds(seconds), CancellationToken.None)));
            }
            sink.Drain(quiet: TimeSpan.FromMilliseconds(300), max: TimeSpan.FromSeconds(3));
            sender.SentBuckets = null;
            BucketGrid.WriteCsv(csv, sentGrid, receivedGrid, bucketMs / 1000.0);

            var c = CultureInfo.InvariantCulture;
            for (int i = 0; i < results.Count; i++)
            {
                var (rate, seconds, sent) = results[i];
                Console.WriteLine(string.Format(c, json
                    ? "{{\"mode\":\"overload-phase\",\"phase\":{0},\"offered_pps\":{1:F0},\"seconds\":{2:F3},\"sent\":{3},\"achieved_pps\":{4:F0},\"skipped_late\":{5}}}"
                    : "overload phase {0}: offered={1:F0}pps for {2:F3}s sent={3} achieved={4:F0}pps skipped_late={5}",
                    i, rate, seconds, sent.Sent, sent.Sent / sent.Elapsed.TotalSeconds, sent.Skipped));
            }
            Console.WriteLine(string.Format(c, json
                ? "{{\"mode\":\"overload\",\"streams\":{0},\"bucket_ms\":{1},\"received\":{2},\"p50_us\":{3:F1},\"p99_us\":{4:F1},\"csv\":\"{5}\",\"kernel_p50_us\":{6:F1},\"kernel_p99_us\":{7:F1}}}"
                : "overload: streams={0} bucket={1}ms received={2} latency p50={3:F1}us p99={4:F1}us csv={5} kernel-stamped p50={6:F1}us p99={7:F1}us",
                streams, bucketMs, sink.Received, sink.Latency.Percentile(0.5) / 1000.0, sink.Latency.Percentile(0.99) / 1000.0, csv,
                sink.KernelLatency.Percentile(0.5) / 1000.0, sink.KernelLatency.Percentile(0.99) / 1000.0));
            return 0;
        }
        finally
        {
            setup.DeleteAll();
        }
    }

    private static List<(double Rate, double Seconds)> ParsePhases(string text)
    {
        var phases = new List<(double, double)>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2) throw new ArgumentException($"phase '{part}' is not RATE:SECONDS");
            phases.Add((double.Parse(pieces[0], CultureInfo.InvariantCulture), double.Parse(pieces[1], CultureInfo.InvariantCulture)));
        }
        if (phases.Count == 0) throw new ArgumentException("--phases is empty");
        return phases;
    }
}
