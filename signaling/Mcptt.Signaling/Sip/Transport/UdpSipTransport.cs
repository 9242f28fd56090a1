using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// UDP listener: one async receive loop (control plane rate), one datagram = one message, oversize
/// datagrams counted and dropped. Sends are synchronous SendTo calls on the same socket so responses
/// leave from the port requests arrived on.
/// </summary>
public sealed class UdpSipTransport : ISipTransport
{
    // Largest UDP payload; receiving into this lets us see (and count) datagrams above the configured limit.
    private const int ReceiveBufferSize = 65536;

    private readonly IPEndPoint _bind;
    private readonly SipParserOptions _parser;
    private readonly SipMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SipFloodGuard? _guard;
    private Socket? _socket;
    private CancellationTokenSource? _stop;
    private Task? _loop;

    /// <param name="guard">Per-source admission before parsing and response budget before sending (null: none).</param>
    public UdpSipTransport(IPEndPoint bind, SipParserOptions parser, SipMetrics metrics, ILogger logger, SipFloodGuard? guard = null)
    {
        _bind = bind;
        _parser = parser;
        _metrics = metrics;
        _logger = logger;
        _guard = guard;
        LocalEndPoint = bind;
    }

    public SipTransportKind Kind => SipTransportKind.Udp;

    public IPEndPoint LocalEndPoint { get; private set; }

    public Task StartAsync(ISipTransportSink sink, CancellationToken cancellationToken)
    {
        var socket = new Socket(_bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Room for a registration storm while the loop is busy; the kernel may cap it (net.core.rmem_max).
            socket.ReceiveBufferSize = 1 << 20;
            socket.Bind(_bind);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new SipTransportBindException("UDP", _bind, ex);
        }
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => ReceiveLoop(sink, _stop.Token), CancellationToken.None);
        SipLog.Listening(_logger, "UDP", LocalEndPoint);
        return Task.CompletedTask;
    }

    private async Task ReceiveLoop(ISipTransportSink sink, CancellationToken ct)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);
        EndPoint any = new IPEndPoint(_bind.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port unreachable from an earlier send, or a truncated datagram: not fatal.
                if (ex.SocketErrorCode == SocketError.MessageSize) _metrics.Dropped(SipMetrics.DropReasons.TooLarge);
                continue;
            }
            catch (SocketException ex)
            {
                SipLog.ReceiveError(_logger, "UDP", LocalEndPoint, ex);
                continue;
            }
            var remote = (IPEndPoint)received.RemoteEndPoint;
            if (received.ReceivedBytes > _parser.MaxMessageSize)
            {
                _metrics.Dropped(SipMetrics.DropReasons.TooLarge);
                continue;
            }
            // Before parsing: a source over its rate costs us one table lookup, not a parse.
            if (_guard is not null && !_guard.AdmitMessage(remote, received.ReceivedBytes, SipTransportKind.Udp)) continue;
            try
            {
                var result = SipParser.Parse(buffer.AsSpan(0, received.ReceivedBytes), SipFraming.Datagram, _parser);
                if (result.Status == SipParseStatus.KeepAlive) continue;
                sink.OnReceived(new SipInbound(result, SipTransportKind.Udp, remote, LocalEndPoint));
            }
            catch (Exception ex)
            {
                SipLog.ProcessingFailed(_logger, remote, ex);
            }
        }
    }

    public bool TrySend(ReadOnlyMemory<byte> data, IPEndPoint remote, long connectionId = 0)
    {
        var socket = _socket;
        if (socket is null) return false;
        // A UDP source address may be spoofed: answers to a host that never authenticated stay within what it sent.
        if (_guard is not null && IsResponse(data.Span) && !_guard.AdmitResponse(remote, data.Length)) return false;
        try
        {
            socket.SendTo(data.Span, SocketFlags.None, remote);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _metrics.Dropped(SipMetrics.DropReasons.SendFailed);
            SipLog.SendFailed(_logger, "UDP", remote, ex.Message);
            return false;
        }
    }

    private static bool IsResponse(ReadOnlySpan<byte> message) => message.StartsWith("SIP/2.0 "u8);

    public async Task StopAsync()
    {
        if (_socket is null) return;
        _stop?.Cancel();
        _socket.Dispose();
        if (_loop is not null)
        {
            try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        SipLog.Stopped(_logger, "UDP", LocalEndPoint);
        _socket = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop?.Dispose();
    }
}
