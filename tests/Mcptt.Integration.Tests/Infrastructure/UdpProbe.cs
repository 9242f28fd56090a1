using System.Net;
using System.Net.Sockets;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// A loopback UDP socket for raw request/response tests (SIP torture messages, ng commands): send a datagram,
/// collect what comes back within a time limit. Bounded: at most <c>maxDatagrams</c>, each at most 64 KiB.
/// </summary>
public sealed class UdpProbe : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpProbe(int? localPort = null)
        : this(IPAddress.Loopback, localPort)
    {
    }

    /// <summary>A probe on another loopback address (127.0.0.2, ...): a second "host" as the appliance sees it.</summary>
    public UdpProbe(IPAddress local, int? localPort = null)
    {
        _socket.Bind(new IPEndPoint(local, localPort ?? 0));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public Task SendAsync(ReadOnlyMemory<byte> datagram, int port)
        => _socket.SendToAsync(datagram, new IPEndPoint(IPAddress.Loopback, port)).AsTask();

    /// <summary>Next datagram, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token).ConfigureAwait(false);
            return buffer.AsSpan(0, result.ReceivedBytes).ToArray();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="datagram"/> and returns every datagram received until <paramref name="quiet"/>
    /// passes without one (e.g. a 100 Trying then a final response), at most <paramref name="maxDatagrams"/>.</summary>
    public async Task<IReadOnlyList<byte[]>> ExchangeAsync(ReadOnlyMemory<byte> datagram, int port, TimeSpan quiet, int maxDatagrams = 16)
    {
        await SendAsync(datagram, port).ConfigureAwait(false);
        var received = new List<byte[]>();
        while (received.Count < maxDatagrams && await ReceiveAsync(quiet).ConfigureAwait(false) is { } reply)
            received.Add(reply);
        return received;
    }

    public void Dispose() => _socket.Dispose();
}
