using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// SIP over TCP: accepts up to <see cref="SipTcpOptions.MaxConnections"/>, frames by Content-Length,
/// answers on the connection a request came on, and opens/reuses connections for outbound sends.
/// </summary>
public sealed class TcpSipTransport : ISipTransport
{
    private readonly IPEndPoint _bind;
    private readonly SipTcpOptions _options;
    private readonly SipParserOptions _parser;
    private readonly SipMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SipFloodGuard? _guard;
    private readonly ConcurrentDictionary<long, TcpSipConnection> _byId = new();
    private readonly ConcurrentDictionary<IPEndPoint, TcpSipConnection> _byRemote = new();
    private readonly object _connectGate = new();
    private Socket? _listener;
    private CancellationTokenSource? _stop;
    private Task? _acceptLoop;
    private ISipTransportSink? _sink;
    private long _nextId;
    private int _count;

    /// <param name="guard">Per-source connection caps, message rates and the first-message deadline for inbound
    /// connections, and the counting of refusals (null: only the total cap, each refusal logged).</param>
    public TcpSipTransport(IPEndPoint bind, SipTcpOptions options, SipParserOptions parser, SipMetrics metrics, ILogger logger,
        TimeProvider? time = null, SipFloodGuard? guard = null)
    {
        _guard = guard;
        _bind = bind;
        _options = options;
        _parser = parser;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        LocalEndPoint = bind;
    }

    public SipTransportKind Kind => SipTransportKind.Tcp;

    public IPEndPoint LocalEndPoint { get; private set; }

    public int ConnectionCount => Volatile.Read(ref _count);

    public Task StartAsync(ISipTransportSink sink, CancellationToken cancellationToken)
    {
        var listener = new Socket(_bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(_bind);
            listener.Listen(128);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new SipTransportBindException("TCP", _bind, ex);
        }
        _listener = listener;
        _sink = sink;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _stop = new CancellationTokenSource();
        _acceptLoop = Task.Run(() => AcceptLoop(_stop.Token), CancellationToken.None);
        SipLog.Listening(_logger, "TCP", LocalEndPoint);
        return Task.CompletedTask;
    }

    private async Task AcceptLoop(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex)
            {
                SipLog.ReceiveError(_logger, "TCP", LocalEndPoint, ex);
                continue;
            }
            var remote = (IPEndPoint)socket.RemoteEndPoint!;
            if (!Admit(remote))
            {
                socket.Dispose();
                continue;
            }
            socket.NoDelay = true;
            var connection = NewConnection(socket, remote, (IPEndPoint)socket.LocalEndPoint!, _guard);
            connection.CountedBySource = _guard is not null;
            _ = RunTracked(connection, connection.RunAsync(_sink!, ct));
        }
    }

    public bool TrySend(ReadOnlyMemory<byte> data, IPEndPoint remote, long connectionId = 0)
    {
        if (_stop is null || _stop.IsCancellationRequested) return false;
        if (connectionId != 0 && _byId.TryGetValue(connectionId, out var byId)) return byId.Enqueue(data);
        TcpSipConnection connection;
        // One lock so two concurrent sends to a new peer share one connection.
        lock (_connectGate)
        {
            if (_byRemote.TryGetValue(remote, out var existing)) return existing.Enqueue(data);
            if (!TryReserveSlot())
            {
                RefuseAtCap(remote);
                return false;
            }
            var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            connection = NewConnection(socket, remote, LocalEndPoint, guard: null);
        }
        bool queued = connection.Enqueue(data);
        _ = RunTracked(connection, connection.ConnectAndRunAsync(_sink!, _stop.Token));
        return queued;
    }

    /// <summary>
    /// An inbound connection gets a slot when its source is under its own cap and the listener under the total cap;
    /// at the total cap the oldest connection still waiting for its first message (what slowloris holds) makes room.
    /// </summary>
    private bool Admit(IPEndPoint remote)
    {
        if (_guard is not null && !_guard.TryOpenConnection(remote)) return false;
        if (TryReserveSlot()) return true;
        if (_guard is not null && EvictOldestWaiting() is { } evicted)
        {
            // The evicted connection frees its slot when it unwinds; the newcomer takes it now (the cap is exceeded
            // by at most the evictions in flight).
            _metrics.Dropped(SipMetrics.DropReasons.ConnectionLimit);
            _guard.Refused(FloodRefusals.Reasons.TcpEvicted, evicted.Remote);
            Interlocked.Increment(ref _count);
            return true;
        }
        _guard?.ConnectionClosed(remote);
        RefuseAtCap(remote);
        return false;
    }

    private TcpSipConnection? EvictOldestWaiting()
    {
        TcpSipConnection? oldest = null;
        foreach (var connection in _byId.Values)
            if (connection.AwaitingFirstMessage && (oldest is null || connection.OpenedAt < oldest.OpenedAt)) oldest = connection;
        oldest?.Abort();
        return oldest;
    }

    private void RefuseAtCap(IPEndPoint remote)
    {
        _metrics.Dropped(SipMetrics.DropReasons.ConnectionLimit);
        if (_guard is not null) _guard.Refused(FloodRefusals.Reasons.TcpConnectionLimit, remote);
        else SipLog.ConnectionLimit(_logger, _options.MaxConnections, remote);
    }

    private TcpSipConnection NewConnection(Socket socket, IPEndPoint remote, IPEndPoint local, SipFloodGuard? guard)
    {
        long id = Interlocked.Increment(ref _nextId);
        var connection = new TcpSipConnection(id, socket, remote, local, _options, _parser, _metrics, _logger, _time, guard);
        _byId[id] = connection;
        _byRemote[remote] = connection;
        Interlocked.Increment(ref _metrics.TcpConnections);
        return connection;
    }

    private async Task RunTracked(TcpSipConnection connection, Task run)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SipLog.ProcessingFailed(_logger, connection.Remote, ex);
        }
        finally
        {
            _byId.TryRemove(connection.Id, out _);
            _byRemote.TryRemove(new KeyValuePair<IPEndPoint, TcpSipConnection>(connection.Remote, connection));
            if (connection.CountedBySource) _guard?.ConnectionClosed(connection.Remote);
            Interlocked.Decrement(ref _count);
            Interlocked.Decrement(ref _metrics.TcpConnections);
        }
    }

    private bool TryReserveSlot()
    {
        while (true)
        {
            int current = Volatile.Read(ref _count);
            if (current >= _options.MaxConnections) return false;
            if (Interlocked.CompareExchange(ref _count, current + 1, current) == current) return true;
        }
    }

    public async Task StopAsync()
    {
        if (_listener is null) return;
        _stop?.Cancel();
        _listener.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        var open = _byId.Values.ToArray();
        foreach (var c in open) c.Abort();
        try
        {
            await Task.WhenAll(open.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Sockets are disposed by now; a connection task still unwinding must not block shutdown.
        }
        SipLog.Stopped(_logger, "TCP", LocalEndPoint);
        _listener = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop?.Dispose();
    }
}
