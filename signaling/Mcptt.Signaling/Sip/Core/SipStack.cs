using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// The SIP core: owns the transports, runs inbound messages through parse-error handling, RFC 3581
/// Via stamping, transaction matching and semantic validation, then hands new requests to the TU
/// (<see cref="RequestHandler"/>). Sends requests through client transactions.
/// All transaction state is guarded by one lock (control plane); TU callbacks run outside it.
/// </summary>
public sealed partial class SipStack : ISipTransportSink, IAsyncDisposable
{
    internal readonly object Gate = new();

    private readonly ILogger _logger;
    private readonly List<ISipTransport> _transports;
    private readonly SipRequestValidator _validator;
    private readonly Dictionary<string, ServerTransaction> _server = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerTransaction> _awaitingAck = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClientTransaction> _client = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerTransaction> _merge = new(StringComparer.Ordinal);

    public SipStack(SipStackOptions options, MetricsRegistry metrics, ILogger<SipStack> logger,
        TimeProvider? timeProvider = null, IEnumerable<ISipTransport>? transports = null)
    {
        Options = options;
        Metrics = new SipMetrics(metrics);
        _logger = logger;
        Time = timeProvider ?? TimeProvider.System;
        _validator = new SipRequestValidator(options.Capabilities);
        FloodGuard = new SipFloodGuard(options.Flood, metrics, logger, Time);
        _transports = transports is not null ? new List<ISipTransport>(transports) : CreateTransports();
    }

    public SipStackOptions Options { get; }
    public SipMetrics Metrics { get; }
    public TimeProvider Time { get; }

    /// <summary>The transports' per-source admission; authentication marks the hosts it verified here.</summary>
    public SipFloodGuard FloodGuard { get; }

    /// <summary>The TU. Set before <see cref="StartAsync"/>; requests arriving while null get 503.</summary>
    public ISipRequestHandler? RequestHandler { get; set; }

    public IReadOnlyList<ISipTransport> Transports => _transports;

    public int ServerTransactionCount { get { lock (Gate) return _server.Count; } }
    public int ClientTransactionCount { get { lock (Gate) return _client.Count; } }

    public ISipTransport? GetTransport(SipTransportKind kind)
    {
        foreach (var t in _transports)
            if (t.Kind == kind) return t;
        return null;
    }

    private List<ISipTransport> CreateTransports()
    {
        var list = new List<ISipTransport>();
        if (Options.EnableUdp) list.Add(new UdpSipTransport(Options.UdpEndPoint, Options.Parser, Metrics, _logger, FloodGuard));
        if (Options.EnableTcp) list.Add(new TcpSipTransport(Options.TcpEndPoint, Options.Tcp, Options.Parser, Metrics, _logger, Time, FloodGuard));
        return list;
    }

    /// <summary>Binds every transport; a bind failure stops the ones already started and throws <see cref="SipTransportBindException"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = new List<ISipTransport>();
        try
        {
            foreach (var transport in _transports)
            {
                await transport.StartAsync(this, cancellationToken).ConfigureAwait(false);
                started.Add(transport);
            }
        }
        catch
        {
            foreach (var t in started) await t.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var transport in _transports) await transport.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (Gate)
        {
            foreach (var tx in _server.Values.ToArray()) tx.Terminate();
            foreach (var tx in _client.Values.ToArray()) tx.Terminate();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var t in _transports) await t.DisposeAsync().ConfigureAwait(false);
        FloodGuard.Dispose();
    }
}
