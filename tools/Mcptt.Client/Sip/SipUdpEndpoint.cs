using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Sip;

/// <summary>
/// The client's SIP socket: sends requests as UDP client transactions (retransmitting per
/// RFC 3261 §17.1 until a final response), matches responses by branch and method, and hands
/// incoming requests and stray responses (2xx retransmissions) to the user agent.
/// </summary>
public sealed class SipUdpEndpoint : IAsyncDisposable
{
    private const int MaxDatagram = 65535;
    private readonly Socket _socket;
    private readonly SipTiming _timing;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, PendingTransaction> _pending = new(StringComparer.Ordinal);
    private readonly Task _receiveLoop;
    private long _malformed;

    public SipUdpEndpoint(IPEndPoint local, SipTiming timing)
    {
        _timing = timing;
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(local);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams that were not parseable SIP (dropped).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Incoming requests, on the receive thread.</summary>
    public event Action<SipRequest, IPEndPoint>? RequestReceived;

    /// <summary>Responses that match no pending transaction (e.g. a retransmitted 2xx to an INVITE).</summary>
    public event Action<SipResponse, IPEndPoint>? StrayResponseReceived;

    /// <summary>Every message sent or received, for --verbose tracing: (outgoing, peer, message).</summary>
    public event Action<bool, IPEndPoint, SipMessage>? Trace;

    /// <summary>A request/response handler threw; the message was dropped.</summary>
    public event Action<Exception>? HandlerFailed;

    public async Task SendAsync(SipMessage message, IPEndPoint to)
    {
        byte[] bytes = SipSerializer.Serialize(message);
        Trace?.Invoke(true, to, message);
        try
        {
            await _socket.SendToAsync(bytes, SocketFlags.None, to, _stop.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // UDP: a send error (e.g. an ICMP unreachable reported late) is handled by retransmission/timeouts.
        }
    }

    /// <summary>
    /// Runs a client transaction and returns its final response. Provisional responses go to
    /// <paramref name="provisional"/>.
    /// </summary>
    /// <exception cref="SipTransactionException">No final response in time.</exception>
    public async Task<SipResponse> SendRequestAsync(SipRequest request, IPEndPoint to, Action<SipResponse>? provisional, CancellationToken cancel)
    {
        string key = KeyOf(request.TopVia?.Branch, request.Method);
        var pending = new PendingTransaction(provisional);
        if (!_pending.TryAdd(key, pending))
        {
            throw new InvalidOperationException("duplicate branch " + key);
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
            await SendAsync(request, to).ConfigureAwait(false);
            TimeSpan interval = _timing.T1;
            DateTime deadline = DateTime.UtcNow + _timing.NoResponseTimeout;
            bool proceeding = false;
            while (true)
            {
                Task winner = await Task.WhenAny(pending.Final.Task, Task.Delay(interval, linked.Token)).ConfigureAwait(false);
                if (winner == pending.Final.Task)
                {
                    return await pending.Final.Task.ConfigureAwait(false);
                }

                linked.Token.ThrowIfCancellationRequested();
                if (!proceeding && pending.SawProvisional)
                {
                    proceeding = true;
                    deadline = DateTime.UtcNow + (request.IsInvite ? _timing.RingingTimeout : _timing.NoResponseTimeout);
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new SipTransactionException($"{request.Method} to {to}: no {(proceeding ? "final " : string.Empty)}response within {(proceeding && request.IsInvite ? _timing.RingingTimeout : _timing.NoResponseTimeout).TotalSeconds:0.#} s");
                }

                // An INVITE stops retransmitting once a provisional arrived (§17.1.1.2); others continue at T2.
                if (!(request.IsInvite && proceeding))
                {
                    await SendAsync(request, to).ConfigureAwait(false);
                }

                interval = proceeding ? _timing.T2 : TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _timing.T2.Ticks));
            }
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private static string KeyOf(string? branch, string method) =>
        (branch ?? string.Empty) + "|" + (method == SipMethods.Ack ? SipMethods.Invite : method);

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var from = (IPEndPoint)result.RemoteEndPoint;
            SipParseResult parsed = SipParser.Parse(buffer.AsSpan(0, result.ReceivedBytes), SipFraming.Datagram);
            if (parsed.Status == SipParseStatus.KeepAlive)
            {
                continue;
            }

            if (!parsed.Success || parsed.Message is null)
            {
                Interlocked.Increment(ref _malformed);
                continue;
            }

            Trace?.Invoke(false, from, parsed.Message);
            try
            {
                Dispatch(parsed.Message, from);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A handler bug must not kill the receive loop; count it like garbage input.
                Interlocked.Increment(ref _malformed);
                HandlerFailed?.Invoke(ex);
            }
        }
    }

    private void Dispatch(SipMessage message, IPEndPoint from)
    {
        if (message is SipRequest request)
        {
            RequestReceived?.Invoke(request, from);
            return;
        }

        var response = (SipResponse)message;
        string? method = response.CSeq?.Method;
        if (method is not null && _pending.TryGetValue(KeyOf(response.TopVia?.Branch, method), out PendingTransaction? pending))
        {
            if (response.IsProvisional)
            {
                pending.SawProvisional = true;
                pending.Provisional?.Invoke(response);
            }
            else
            {
                pending.Final.TrySetResult(response);
            }

            return;
        }

        StrayResponseReceived?.Invoke(response, from);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed class PendingTransaction(Action<SipResponse>? provisional)
    {
        public Action<SipResponse>? Provisional { get; } = provisional;

        public TaskCompletionSource<SipResponse> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool SawProvisional;
    }
}
