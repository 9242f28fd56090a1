using System.Net;
using System.Net.Sockets;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Floor;

/// <summary>
/// The floor control socket (the m=application port of our SDP): receives MCPT messages from the
/// floor control server, acknowledges the ones that ask for it, and sends the participant's
/// requests to the answer's application port.
/// </summary>
public sealed class FloorChannel : IAsyncDisposable
{
    private const int MaxDatagram = 2048;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private IPEndPoint? _remote;
    private long _invalid;
    private long _received;

    public FloorChannel(IPAddress localAddress, int port, uint ssrc)
    {
        Ssrc = ssrc;
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(localAddress, port));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The SSRC put in the APP header; the same as our audio SSRC so the server can match them.</summary>
    public uint Ssrc { get; }

    /// <summary>Where floor messages go: c= and m=application port of the SDP answer.</summary>
    public IPEndPoint? Remote { get => Volatile.Read(ref _remote); set => Volatile.Write(ref _remote, value); }

    /// <summary>Our MCPTT ID, put in the User ID field of requests when set.</summary>
    public string? UserId { get; set; }

    /// <summary>Datagrams (or APP packets inside them) that were not valid MCPT messages.</summary>
    public long InvalidReceived => Interlocked.Read(ref _invalid);

    public long MessagesReceived => Interlocked.Read(ref _received);

    /// <summary>Raised on the receive thread for every valid message (after any Floor Ack has been sent).</summary>
    public event Action<FloorEvent>? MessageReceived;

    public Task SendRequestAsync(byte? priority) =>
        SendAsync((buffer, ssrc, user) => FloorCodec.WriteRequest(buffer, ssrc, priority, user));

    public Task SendReleaseAsync() =>
        SendAsync((buffer, ssrc, user) => FloorCodec.WriteRelease(buffer, ssrc, user));

    public Task SendQueuePositionRequestAsync() =>
        SendAsync((buffer, ssrc, user) => FloorCodec.WriteQueuePositionRequest(buffer, ssrc, user));

    private delegate int MessageBuilder(Span<byte> buffer, uint ssrc, string? userId);

    private async Task SendAsync(MessageBuilder build, IPEndPoint? to = null)
    {
        IPEndPoint remote = to ?? Remote ?? throw new InvalidOperationException("no floor control address (call not connected or answer had no m=application)");
        byte[] buffer = new byte[FloorCodec.MaxMessageSize];
        int length = build(buffer, Ssrc, UserId);
        if (length == 0)
        {
            throw new InvalidOperationException("floor message did not fit (user ID too long?)");
        }

        await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, remote, _stop.Token).ConfigureAwait(false);
    }

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
            List<FloorEvent> events = FloorCodec.Decode(buffer.AsSpan(0, result.ReceivedBytes), from, out int invalid);
            Interlocked.Add(ref _invalid, invalid);
            foreach (FloorEvent ev in events)
            {
                Interlocked.Increment(ref _received);
                if (ev.AckRequired)
                {
                    await TryAckAsync(ev, from).ConfigureAwait(false);
                }

                MessageReceived?.Invoke(ev);
            }
        }
    }

    private async Task TryAckAsync(FloorEvent ev, IPEndPoint from)
    {
        try
        {
            // Acks go back where the message came from: that is the server's floor port even before the answer was parsed.
            await SendAsync((buffer, ssrc, _) => FloorCodec.WriteAck(buffer, ssrc, ev.Type, ev.AckRequired), Remote ?? from).ConfigureAwait(false);
        }
        catch (SocketException)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
