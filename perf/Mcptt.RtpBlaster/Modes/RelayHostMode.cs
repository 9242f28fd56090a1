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
        int fanout = o.Int("fanout", 0);
        var fanoutTo = o.EndPoint("fanout-to");
        o.RejectUnknown();

        var metrics = new MetricsRegistry();
        using var relay = new RelayEngine(relayOptions, metrics);
        if (relay.EngineFallbackReason is { } fallback) Console.Error.WriteLine("warning: " + fallback); // e.g. --engine Raw without CAP_NET_RAW
        var engineCalls = new NgCallEngine(relay);
        var processor = new NgCommandProcessor(engineCalls, metrics);
        var server = new NgServer(new NgServerOptions { Address = ng.Address.ToString(), Port = ng.Port }, processor, metrics, NullLogger<NgServer>.Instance);
        server.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        string fanoutNote = string.Empty;
        if (fanout > 0)
        {
            // Not expressible in ng (its calls are 1:1): one talker leg bridged to N listener legs that all
            // send to --fanout-to, the shape of an MCPTT group call where one member holds the floor.
            var to = fanoutTo ?? throw new ArgumentException("--fanout needs --fanout-to HOST:PORT (the sink)");
            var bridge = relay.CreateBridge(Mcptt.Relay.Core.Control.BridgeMode.AllToOthers);
            var talker = relay.AllocateLeg(new Mcptt.Relay.Core.Control.LegOptions(Label: "fanout-talker"))
                ?? throw new InvalidOperationException("no ports for the fan-out talker");
            relay.Attach(bridge, talker);
            for (int i = 0; i < fanout; i++)
            {
                var listener = relay.AllocateLeg(new Mcptt.Relay.Core.Control.LegOptions(LearnSource: false, Label: "fanout-listener"))
                    ?? throw new InvalidOperationException("no ports for fan-out listener " + i.ToString(CultureInfo.InvariantCulture));
                relay.SetRemote(listener, to, new IPEndPoint(to.Address, to.Port + 1));
                relay.Attach(bridge, listener);
            }
            fanoutNote = string.Format(CultureInfo.InvariantCulture, " fanout={0} fanout_port={1}", fanout, talker.RtpPort);
        }

        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "READY pid={0} ng={1} engine={2} workers={3}{4}",
            Environment.ProcessId, server.LocalEndPoint, relay.EngineKind, relayOptions.Workers, fanoutNote));
        Console.Out.Flush();
        if (duration > 0) stop.Wait(TimeSpan.FromSeconds(duration));
        else stop.Wait();

        server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        engineCalls.Clear();
        return 0;
    }
}
