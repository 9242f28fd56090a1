using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Commands;
using Mcptt.Control.Ng.Protocol;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcptt.Control.Ng.Server;

/// <summary>
/// The rtpengine-compatible ng control port over UDP: datagram <c>&lt;cookie&gt; &lt;bencode dict&gt;</c>,
/// reply <c>&lt;cookie&gt; &lt;bencode dict&gt;</c> to the sender. One receive loop handles commands in order
/// (they are short and the call table is serialised anyway), which also makes the reply cache
/// single-threaded. Host it as an <see cref="IHostedService"/> or call <see cref="StartAsync"/> /
/// <see cref="StopAsync"/> yourself; <see cref="LocalEndPoint"/> tells the bound port (useful with Port 0).
/// </summary>
public sealed class NgServer : IHostedService, IAsyncDisposable
{
    private readonly NgServerOptions _options;
    private readonly NgCommandProcessor _processor;
    private readonly ILogger _logger;
    private readonly ReplyCache _cache;
    private readonly BencodeLimits _limits;
    private readonly Counter _retransmits;
    private readonly Counter _droppedNoCookie;
    private readonly Counter _droppedTooLarge;
    private readonly Counter _malformed;
    private Socket? _socket;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public NgServer(NgServerOptions options, NgCommandProcessor processor, MetricsRegistry metrics, ILogger<NgServer> logger, TimeProvider? time = null)
    {
        _options = options;
        _processor = processor;
        _logger = logger;
        _limits = options.Limits;
        _cache = new ReplyCache(options.ReplyCacheCapacity, options.ReplyCacheTtl, time ?? TimeProvider.System);
        _retransmits = metrics.Counter("mcptt_ng_retransmits_total", "ng commands answered from the reply cache (retransmissions).");
        _droppedNoCookie = metrics.Counter("mcptt_ng_dropped_total", "ng datagrams dropped without a reply, by reason.", ("reason", "no_cookie"));
        _droppedTooLarge = metrics.Counter("mcptt_ng_dropped_total", "ng datagrams dropped without a reply, by reason.", ("reason", "too_large"));
        _malformed = metrics.Counter("mcptt_ng_malformed_total", "ng documents that failed to decode (answered with an error).");
    }

    /// <summary>The bound address and port once started.</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_socket is not null) throw new InvalidOperationException("already started");
        var address = IPAddress.Parse(_options.Address);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, _options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _stopping = new CancellationTokenSource();
        NgLog.Listening(_logger, socket.LocalEndPoint!);
        _loop = Task.Run(() => ReceiveLoopAsync(socket, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_socket is null || _stopping is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_loop is not null)
        {
            try { await _loop.WaitAsync(cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _stopping.Dispose();
        _socket = null;
        _stopping = null;
        NgLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// Handles one datagram and returns the reply datagram, or null when it is dropped. Public so the
    /// framing, cache and error rules can be tested and reused without a socket.
    /// </summary>
    public byte[]? HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint client)
    {
        if (!NgFraming.TrySplit(datagram, out var cookieBytes, out var document))
        {
            _droppedNoCookie.Inc();
            return null;
        }
        string cookie = Encoding.ASCII.GetString(cookieBytes);
        if (_cache.TryGet(client, cookie, out var cached))
        {
            _retransmits.Inc();
            return cached;
        }

        BDictionary reply;
        string command = "?";
        if (datagram.Length > _limits.MaxMessageBytes)
        {
            _droppedTooLarge.Inc();
            reply = NgReply.Error("Message too large");
        }
        else
        {
            var error = BencodeReader.TryReadDictionary(document, _limits, out var request);
            if (error != BencodeError.None)
            {
                _malformed.Inc();
                _processor.CountMalformed();
                reply = NgReply.Error("Failed to decode bencode dictionary: " + error);
            }
            else
            {
                command = request!.GetString("command") ?? "?";
                reply = ProcessSafely(request, command);
            }
        }
        var bytes = NgFraming.Frame(cookieBytes, BencodeWriter.ToArray(reply));
        _cache.Add(client, cookie, bytes);
        if (_logger.IsEnabled(LogLevel.Debug))
            NgLog.Handled(_logger, command, client, cookie, reply.GetString(NgReply.ResultKey) ?? "?");
        return bytes;
    }

    private BDictionary ProcessSafely(BDictionary request, string command)
    {
        try
        {
            return _processor.Process(request);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A bug in a handler must cost one command, not the control port.
            NgLog.HandlerFailed(_logger, exception, command);
            return NgReply.Error("Internal error");
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken stopping)
    {
        // One byte more than the limit, so an oversized datagram is recognisable instead of silently truncated.
        var buffer = new byte[_options.MaxMessageBytes + 1];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException exception) when (!stopping.IsCancellationRequested)
            {
                NgLog.SocketError(_logger, exception.SocketErrorCode);
                continue;
            }
            catch (SocketException) { return; }

            var client = (IPEndPoint)received.RemoteEndPoint;
            var reply = HandleDatagram(buffer.AsSpan(0, received.ReceivedBytes), client);
            if (reply is null) continue;
            try
            {
                await socket.SendToAsync(reply, SocketFlags.None, client, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException exception)
            {
                NgLog.SocketError(_logger, exception.SocketErrorCode);
            }
        }
    }
}
