using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Commands;
using Mcptt.Control.Ng.Server;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.RtpBlaster.Modes;

/// <summary>
/// relay: our data plane (RelayEngine) plus the ng port in a process of its own, with nothing else in
/// it, so compare.sh can drive it exactly like rtpengine and read its CPU from /proc. Runs until
/// SIGTERM/SIGINT or --duration seconds.
/// </summary>
internal static class RelayHostMode
{
    public static int Run(Options o)
    {
        var ng = o.EndPoint("ng") ?? IPEndPoint.Parse("127.0.0.1:2223");
        var relayOptions = new RelayOptions
        {
            MediaAddress = IPAddress.Parse(o.String("media-address") ?? "127.0.0.1"),
            PortMin = o.Int("port-min", 30000),
            PortMax = o.Int("port-max", 39999),
            Workers = o.Int("workers", Math.Min(2, Environment.ProcessorCount)),
            BatchSize = o.Int("batch", 32),
            BusyPoll = o.Flag("busy-poll"),
            SocketBufferBytes = o.Int("socket-buffer", 0),
        };
        if (o.String("engine") is { } engine) relayOptions.Engine = Enum.Parse<RelayEngineKind>(engine, ignoreCase: true);
        double duration = o.Double("duration", 0);
        o.RejectUnknown();

        var metrics = new MetricsRegistry();
        using var relay = new RelayEngine(relayOptions, metrics);
        var engineCalls = new NgCallEngine(relay);
        var processor = new NgCommandProcessor(engineCalls, metrics);
        var server = new NgServer(new NgServerOptions { Address = ng.Address.ToString(), Port = ng.Port }, processor, metrics, NullLogger<NgServer>.Instance);
        server.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "READY pid={0} ng={1} engine={2} workers={3}",
            Environment.ProcessId, server.LocalEndPoint, relay.EngineKind, relayOptions.Workers));
        if (duration > 0) stop.Wait(TimeSpan.FromSeconds(duration));
        else stop.Wait();

        server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        engineCalls.Clear();
        return 0;
    }
}
