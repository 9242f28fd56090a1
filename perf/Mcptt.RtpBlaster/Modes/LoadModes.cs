using System.Globalization;
using System.Net;
using Mcptt.RtpBlaster.Load;
using Mcptt.RtpBlaster.Ng;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.RtpBlaster.Modes;

/// <summary>
/// selftest: blaster straight into the sink (the harness ceiling). run: N calls through an ng server,
/// blaster → relay → sink. Both accept one rate (--pps) or a sweep (--sweep r1,r2,...: ascending rates,
/// stopping after the first one whose loss reaches --max-loss percent).
/// </summary>
internal static class LoadModes
{
    private const uint SsrcBase = 0x5EED0000;

    public static int Selftest(Options o) => Execute(o, "selftest", (sender, sink, streams) =>
    {
        var destinations = Enumerable.Repeat((IPEndPoint)sink.LocalEndPoint!, streams).ToList();
        return (destinations, () => { });
    });

    public static int Run(Options o)
    {
        if (o.EndPoint("target") is { } target)
        {
            // Fixed target (e.g. the relay host's fan-out leg): no call setup.
            return Execute(o, "run", (sender, sink, streams) => (Enumerable.Repeat(target, streams).ToList(), () => { }));
        }
        var server = o.EndPoint("ng") ?? throw new ArgumentException("run needs --ng HOST:PORT or --target HOST:PORT");
        string prefix = o.String("call-prefix") ?? "blast-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (o.Flag("publish"))
        {
            // 1-to-N via ng publish/subscribe (rtpengine): one talker stream, --fanout subscribers.
            int subscribers = o.Int("fanout", 1);
            return Execute(o, "run", (sender, sink, streams) =>
            {
                var client = new NgClient(server);
                var setup = new FanoutSetup(client, prefix);
                var target = setup.Create(subscribers, (IPEndPoint)sender.LocalEndPoint!, (IPEndPoint)sink.LocalEndPoint!);
                return (Enumerable.Repeat(target, streams).ToList(), () => { setup.Delete(); client.Dispose(); });
            });
        }
        return Execute(o, "run", (sender, sink, streams) =>
        {
            var client = new NgClient(server);
            var setup = new CallSetup(client, prefix);
            var targets = setup.Create(streams, (IPEndPoint)sender.LocalEndPoint!, (IPEndPoint)sink.LocalEndPoint!);
            return (targets, () => { setup.DeleteAll(); client.Dispose(); });
        });
    }

    private static int Execute(Options o, string mode,
        Func<System.Net.Sockets.Socket, System.Net.Sockets.Socket, int, (List<IPEndPoint> Targets, Action Teardown)> prepare)
    {
        int streams = o.Int("streams", 100);
        var duration = TimeSpan.FromSeconds(o.Double("duration", 2));
        int payload = o.Int("payload", 160);
        int batch = o.Int("batch", 64);
        int? relayPid = o.String("relay-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null;
        double maxLoss = o.Double("max-loss", 0.1);
        bool json = o.Flag("json");
        var rates = o.Rates("sweep");
        bool sweeping = rates.Count > 0;
        if (!sweeping)
        {
            // --repeat N: the same rate N times in this process (same sockets, so a relay that latched
            // the sender's source keeps accepting it; a new process would be a new, rejected source).
            double pps = o.Double("pps", 50_000);
            for (int i = o.Int("repeat", 1); i > 0; i--) rates.Add(pps);
        }
        double warmup = o.Double("warmup", 0.3);
        var address = IPAddress.Parse(o.String("address") ?? "127.0.0.1");
        int fanout = o.Int("fanout", 1);
        var sinkBind = o.EndPoint("sink-bind") ?? new IPEndPoint(address, 0);
        // --metrics-url U --metrics-out PREFIX: PREFIX-before.txt / PREFIX-after.txt around the measured trials.
        var metricsUrl = o.String("metrics-url") is { } url ? new Uri(url) : null;
        string metricsOut = o.String("metrics-out") ?? "metrics";
        o.RejectUnknown();

        using var senderSocket = Trial.UdpSocket(new IPEndPoint(address, 0));
        using var sinkSocket = Trial.UdpSocket(sinkBind);
        var (targets, teardown) = prepare(senderSocket, sinkSocket, streams);
        try
        {
            using var sender = new PacedSender(senderSocket, targets, SsrcBase, payload, batch);
            if (warmup > 0)
            {
                // Lets the relay latch every stream's source before anything is measured.
                Trial.Run(mode + "-warmup", sender, sinkSocket, streams, SsrcBase, Math.Min(rates[0], 20 * streams), TimeSpan.FromSeconds(warmup), null, fanout);
            }
            if (metricsUrl is not null) MetricsScrape.Save(metricsUrl, metricsOut + "-before.txt");
            double best = 0;
            foreach (double rate in rates)
            {
                // A sweep step that fails is tried once more before the sweep ends: on a shared machine a
                // single scheduling hiccup should not define the capacity (both attempts are printed).
                bool passed = false;
                for (int attempt = 0; attempt < (sweeping ? 2 : 1) && !passed; attempt++)
                {
                    var report = Trial.Run(fanout > 1 ? mode + "-fanout" : mode, sender, sinkSocket, streams, SsrcBase, rate, duration, relayPid, fanout);
                    Console.WriteLine(json ? report.ToJson() : report.ToText());
                    // A rate counts only if the harness really offered it (within 1%) and the loss stayed under the bar.
                    passed = report.AchievedPps >= 0.99 * rate && report.LossPercent < maxLoss && report.StreamsSeen >= streams;
                }
                if (!sweeping) continue;
                if (!passed) break;
                best = rate;
            }
            if (metricsUrl is not null) MetricsScrape.Save(metricsUrl, metricsOut + "-after.txt");
            if (sweeping)
            {
                string summary = string.Format(CultureInfo.InvariantCulture,
                    json ? "{{\"mode\":\"{0}-sweep\",\"streams\":{1},\"max_pps_under_loss\":{2},\"max_loss_percent\":{3}}}"
                         : "{0}-sweep: highest offered rate with loss < {3}% over {1} streams: {2} pps",
                    mode, streams, best, maxLoss);
                Console.WriteLine(summary);
            }
            return 0;
        }
        finally
        {
            teardown();
        }
    }

    /// <summary>blast: send only, to one address (all streams) or a comma-separated list (stream i → entry i mod n).</summary>
    public static int Blast(Options o)
    {
        var to = (o.String("to") ?? throw new ArgumentException("blast needs --to HOST:PORT[,HOST:PORT...]"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPEndPoint.Parse).ToList();
        int streams = o.Int("streams", to.Count);
        double pps = o.Double("pps", 50_000);
        var duration = TimeSpan.FromSeconds(o.Double("duration", 2));
        int payload = o.Int("payload", 160);
        var bind = IPEndPoint.Parse(o.String("bind") ?? "127.0.0.1:0");
        o.RejectUnknown();
        var targets = Enumerable.Range(0, streams).Select(i => to[i % to.Count]).ToList();
        using var socket = Trial.UdpSocket(bind);
        using var sender = new PacedSender(socket, targets, SsrcBase, payload);
        var result = sender.Run(pps, duration, CancellationToken.None);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "blast: streams={0} offered={1:F0}pps sent={2} errors={3} achieved={4:F0}pps duration={5:F2}s",
            streams, pps, result.Sent, result.SendErrors, result.Sent / result.Elapsed.TotalSeconds, result.Elapsed.TotalSeconds));
        return 0;
    }

    /// <summary>
    /// sink: receive for --duration seconds. Latency is valid on the same host (Stopwatch is
    /// CLOCK_MONOTONIC); "sent" and loss come from the RTP sequence numbers, since the sender is elsewhere.
    /// </summary>
    public static int SinkOnly(Options o)
    {
        var bind = IPEndPoint.Parse(o.String("bind") ?? "127.0.0.1:0");
        int streams = o.Int("streams", 100);
        var duration = TimeSpan.FromSeconds(o.Double("duration", 10));
        bool json = o.Flag("json");
        o.RejectUnknown();
        using var socket = Trial.UdpSocket(bind);
        Console.Error.WriteLine($"sink listening on {socket.LocalEndPoint}");
        using var sink = new Sink(socket, streams, SsrcBase);
        sink.Start();
        Thread.Sleep(duration);
        sink.Drain(TimeSpan.Zero, TimeSpan.Zero);
        var latency = sink.Latency;
        var kernel = sink.KernelLatency;
        long expected = sink.ExpectedBySequence;
        long lost = Math.Max(0, expected - sink.Received);
        var report = new TrialReport("sink", streams, 0, sink.Received / duration.TotalSeconds, expected, sink.Received, lost,
            expected == 0 ? 0 : 100.0 * lost / expected, sink.Foreign, sink.StreamsSeen,
            latency.Percentile(0.5) / 1000.0, latency.Percentile(0.99) / 1000.0, latency.Percentile(0.999) / 1000.0,
            latency.Max / 1000.0, duration.TotalSeconds, null, null, null,
            kernel.Percentile(0.5) / 1000.0, kernel.Percentile(0.99) / 1000.0, kernel.Percentile(0.999) / 1000.0,
            kernel.Max / 1000.0, sink.KernelStampMissing);
        Console.WriteLine(json ? report.ToJson() : report.ToText());
        return 0;
    }
}
