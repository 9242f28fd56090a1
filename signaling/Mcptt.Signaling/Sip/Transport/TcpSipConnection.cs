using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// One SIP-over-TCP connection: a read loop framing messages by Content-Length (through the parser)
/// with idle and incomplete-message deadlines, and a write loop draining a bounded outbox.
/// </summary>
internal sealed class TcpSipConnection
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly SipTcpOptions _options;
    private readonly SipParserOptions _parser;
    private readonly SipMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SipFloodGuard? _guard;
    private readonly Channel<ReadOnlyMemory<byte>> _outbox;
    private readonly CancellationTokenSource _closed = new();
    private int _closing;

    /// <param name="guard">For inbound connections: the per-source message rate and the first-message deadline (null: neither).</param>
    public TcpSipConnection(long id, Socket socket, IPEndPoint remote, IPEndPoint local, SipTcpOptions options,
        SipParserOptions parser, SipMetrics metrics, ILogger logger, TimeProvider time, SipFloodGuard? guard = null)
    {
        Id = id;
        _guard = guard;
        OpenedAt = time.GetTimestamp();
        _socket = socket;
        Remote = remote;
        Local = local;
        _options = options;
        _parser = parser;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.MaxQueuedMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long Id { get; }
    public IPEndPoint Remote { get; }
    public IPEndPoint Local { get; private set; }
    public Task Completion => _completion.Task;

    /// <summary>When the connection was accepted or created (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long OpenedAt { get; }

    /// <summary>Inbound and no complete message yet: what a slowloris connection looks like; evicted first at the cap.</summary>
    public bool AwaitingFirstMessage => _guard is not null && Volatile.Read(ref _firstMessageSeen) == 0 && !_closed.IsCancellationRequested;

    /// <summary>Set by the transport when the guard counted this connection against its source.</summary>
    public bool CountedBySource { get; set; }

    private int _firstMessageSeen;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Enqueue(ReadOnlyMemory<byte> data)
    {
        if (Volatile.Read(ref _closing) != 0 || !_outbox.Writer.TryWrite(data))
        {
            _metrics.Dropped(SipMetrics.DropReasons.SendFailed);
            return false;
        }
        return true;
    }

    /// <summary>Runs an accepted connection until it closes.</summary>
    public async Task RunAsync(ISipTransportSink sink, CancellationToken stop)
    {
        using var link = CancellationTokenSource.CreateLinkedTokenSource(stop, _closed.Token);
        var writer = WriteLoop(link.Token);
        string reason = "peer closed";
        try
        {
            reason = await ReadLoop(sink, link.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = ex is OperationCanceledException ? "stopped" : ex.Message;
        }
        catch (Exception ex)
        {
            SipLog.ProcessingFailed(_logger, Remote, ex);
            reason = "internal error";
        }
        await CloseAsync(writer, reason).ConfigureAwait(false);
    }

    /// <summary>Connects an outbound connection, then runs it like an accepted one.</summary>
    public async Task ConnectAndRunAsync(ISipTransportSink sink, CancellationToken stop)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_options.ConnectTimeout);
            await _socket.ConnectAsync(Remote, timeout.Token).ConfigureAwait(false);
            Local = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            SipLog.ConnectFailed(_logger, Remote, ex);
            _outbox.Writer.TryComplete();
            while (_outbox.Reader.TryRead(out _)) _metrics.Dropped(SipMetrics.DropReasons.SendFailed);
            _socket.Dispose();
            _completion.TrySetResult();
            try
            {
                sink.OnConnectFailed(SipTransportKind.Tcp, Remote);
            }
            catch (Exception callbackError)
            {
                SipLog.ProcessingFailed(_logger, Remote, callbackError);
            }
            return;
        }
        await RunAsync(sink, stop).ConfigureAwait(false);
    }

    private async Task<string> ReadLoop(ISipTransportSink sink, CancellationToken ct)
    {
        var reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 4096));
        long? partialSince = null;
        bool charged = false;
        try
        {
            while (true)
            {
                if (ExpiredDeadline(partialSince, out var wait) is { } expired) return expired;
                ReadResult read;
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    deadline.CancelAfter(wait);
                    try
                    {
                        read = await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        if (AwaitingFirstMessage && _time.GetElapsedTime(OpenedAt) >= _guard!.Options.TcpFirstMessageTimeout)
                            return FirstMessageTimedOut();
                        _metrics.Dropped(SipMetrics.DropReasons.TcpTimeout);
                        return partialSince is null ? "idle timeout" : "incomplete message timeout";
                    }
                }
                var (rest, close) = Deliver(read.Buffer, sink, ref charged);
                partialSince = rest.IsEmpty ? null : partialSince ?? _time.GetTimestamp();
                reader.AdvanceTo(rest.Start, rest.End);
                if (close is not null) return close;
                if (read.IsCompleted) return "peer closed";
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The reason to close when a deadline has passed; otherwise null and how long the next read may wait: the idle
    /// timeout, shortened by the first-message deadline (inbound, guarded) and the incomplete-message deadline.
    /// </summary>
    private string? ExpiredDeadline(long? partialSince, out TimeSpan wait)
    {
        wait = _options.IdleTimeout;
        if (AwaitingFirstMessage)
        {
            var firstLeft = _guard!.Options.TcpFirstMessageTimeout - _time.GetElapsedTime(OpenedAt);
            if (firstLeft <= TimeSpan.Zero) return FirstMessageTimedOut();
            if (firstLeft < wait) wait = firstLeft;
        }
        if (partialSince is long since)
        {
            var left = _options.IncompleteMessageTimeout - _time.GetElapsedTime(since);
            if (left <= TimeSpan.Zero)
            {
                _metrics.Dropped(SipMetrics.DropReasons.TcpTimeout);
                return "incomplete message timeout";
            }
            // A peer gone silent mid-message is idle as well: whichever deadline is nearer closes it,
            // so a short idle timeout is not stretched to the incomplete-message deadline.
            if (left < wait) wait = left;
        }
        return null;
    }

    /// <summary>Hands every complete message in <paramref name="buffer"/> to the sink; what is left, and a reason to close.</summary>
    private (ReadOnlySequence<byte> Remaining, string? Close) Deliver(ReadOnlySequence<byte> buffer, ISipTransportSink sink, ref bool charged)
    {
        while (!buffer.IsEmpty)
        {
            // Charged once per message, before its first parse: over its rate the source loses the connection.
            if (!charged && _guard is not null)
            {
                if (!_guard.AdmitMessage(Remote, (int)Math.Min(buffer.Length, int.MaxValue), SipTransportKind.Tcp))
                    return (buffer, "over the source's message rate");
                charged = true;
            }
            var result = Parse(buffer);
            if (result.Status == SipParseStatus.Incomplete) break;
            charged = false;
            if (result.Status == SipParseStatus.KeepAlive)
            {
                // RFC 5626 §3.5.1: a double-CRLF ping gets a single-CRLF pong.
                if (result.BytesConsumed >= 4) Enqueue(Pong);
                buffer = buffer.Slice(result.BytesConsumed);
                continue;
            }
            Volatile.Write(ref _firstMessageSeen, 1);
            sink.OnReceived(new SipInbound(result, SipTransportKind.Tcp, Remote, Local, Id));
            // Framing is lost (no usable Content-Length): answer, then close.
            if (result.BytesConsumed <= 0) return (buffer, "unframeable message");
            buffer = buffer.Slice(result.BytesConsumed);
        }
        return (buffer, null);
    }

    private string FirstMessageTimedOut()
    {
        _metrics.Dropped(SipMetrics.DropReasons.TcpTimeout);
        _guard!.Refused(FloodRefusals.Reasons.TcpFirstMessage, Remote);
        return "no complete first message in time";
    }

    private SipParseResult Parse(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment) return SipParser.Parse(buffer.FirstSpan, SipFraming.Stream, _parser);
        // Never copy more than one maximal message; the parser reports oversize from that much.
        long take = Math.Min(buffer.Length, (long)_parser.MaxMessageSize + 4096);
        return SipParser.Parse(buffer.Slice(0, take).ToArray(), SipFraming.Stream, _parser);
    }

    private async Task WriteLoop(CancellationToken ct)
    {
        try
        {
            await foreach (var data in _outbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                int sent = 0;
                while (sent < data.Length)
                    sent += await _socket.SendAsync(data[sent..], SocketFlags.None, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            Volatile.Write(ref _closing, 1);
            _closed.Cancel();
        }
    }

    private async Task CloseAsync(Task writer, string reason)
    {
        Volatile.Write(ref _closing, 1);
        _outbox.Writer.TryComplete();
        // Let queued answers (e.g. the 400 for an unframeable message) leave before the socket goes.
        var drained = await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
        if (drained != writer) _closed.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
        _socket.Dispose();
        try { await writer.ConfigureAwait(false); } catch (OperationCanceledException) { }
        SipLog.ConnectionClosed(_logger, Id, Remote, reason);
        _completion.TrySetResult();
    }

    public void Abort() => _closed.Cancel();
}
