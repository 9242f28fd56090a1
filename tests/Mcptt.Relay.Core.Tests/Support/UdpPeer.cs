using System.Net;
using System.Net.Sockets;

namespace Mcptt.Relay.Core.Tests.Support;

/// <summary>A test endpoint on 127.0.0.x with an ephemeral port; receives with a bounded wait.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[4096];

    public UdpPeer(string address = "127.0.0.1")
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public void SendTo(int port, byte[] datagram) =>
        _socket.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, port));

    public void SendTo(IPAddress address, int port, byte[] datagram) =>
        _socket.SendTo(datagram, new IPEndPoint(address, port));

    /// <summary>The next datagram and its source, or null after <paramref name="timeoutMs"/>.</summary>
    public (byte[] Data, IPEndPoint From)? Receive(int timeoutMs = 2000)
    {
        if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return null;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int n = _socket.ReceiveFrom(_buffer, ref from);
        return (_buffer.AsSpan(0, n).ToArray(), (IPEndPoint)from);
    }

    /// <summary>True when nothing arrives within <paramref name="timeoutMs"/>.</summary>
    public bool ReceivesNothing(int timeoutMs = 300) => Receive(timeoutMs) is null;

    public void Dispose() => _socket.Dispose();
}
