using System.Net;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Commands;
using Mcptt.Control.Ng.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// ng datagrams ("cookie bencode-dictionary") through <see cref="NgServer.HandleDatagram"/> with the real
/// command table and call engine over a relay that only hands out port numbers: framing, bencode, the
/// request's keys and flags, offer/answer SDP rewriting, query, list, delete. A fresh server per input;
/// the input is up to <see cref="MaxDatagrams"/> chunks of "length (2 octets, big-endian) + datagram", so
/// that an answer, query or delete can find the call an earlier offer made.
/// Crash: any exception, including one the server's handler guard catches (it logs it with the exception,
/// which the logger here turns into a crash).
/// </summary>
internal sealed class NgTarget : FuzzTarget
{
    private const int MaxDatagrams = 4;
    private static readonly IPEndPoint Client = new(IPAddress.Loopback, 40000);

    public override string Name => "ng";

    public override string Description => "NgServer.HandleDatagram (framing, bencode, NgRequest, command table, offer/answer); crash = exception or guarded handler failure";

    public override long AllocationBudget(int inputLength) => (8L << 20) + 64L * inputLength;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var metrics = new MetricsRegistry();
        var processor = new NgCommandProcessor(new NgCallEngine(new PortOnlyRelay()), metrics);
        var server = new NgServer(new NgServerOptions(), processor, metrics, new CrashOnExceptionLogger<NgServer>());
        for (int i = 0; i < MaxDatagrams && Chunks.Next(ref input, out var datagram); i++)
        {
            var reply = server.HandleDatagram(datagram, Client);
            if (reply is not null && server.HandleDatagram(datagram, Client) is { } again && !again.AsSpan().SequenceEqual(reply))
                throw new FuzzFindingException("a retransmission got a different reply than the original");
        }
    }

    /// <summary>Turns any log entry that carries an exception (a guarded handler failure) into a crash.</summary>
    private sealed class CrashOnExceptionLogger<T> : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null) throw new FuzzFindingException("ng handler failed: " + formatter(state, exception), exception);
        }
    }

    /// <summary>A relay with unlimited ports and no media.</summary>
    private sealed class PortOnlyRelay : IRelayControl
    {
        private int _next;
        public IPAddress MediaAddress { get; } = IPAddress.Parse("192.0.2.10");
        public event DivertedPacketHandler? PacketDiverted { add { } remove { } }
        public LegHandle? AllocateLeg(in LegOptions options)
        {
            int id = ++_next;
            int port = 30000 + 2 * (id % 10000);
            return new LegHandle(id, port, options.SinglePort || options.Kind == LegKind.Diverted ? port : port + 1);
        }
        public void FreeLeg(LegHandle leg) { }
        public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp) { }
        public BridgeHandle CreateBridge(BridgeMode mode) => new(++_next);
        public void DestroyBridge(BridgeHandle bridge) { }
        public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0) { }
        public void Detach(LegHandle leg) { }
        public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder) { }
        public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp) => true;
        public LegStats GetStats(LegHandle leg) => new(0, 0, 0, 0, 0, 0, 0, null, null);
    }
}
