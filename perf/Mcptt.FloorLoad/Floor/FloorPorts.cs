using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.FloorLoad.Floor;

/// <summary>A datagram from the appliance: which socket, its UDP source port, its bytes, and when it arrived.</summary>
internal delegate void FloorDatagramHandler(int socket, int sourcePort, ReadOnlySpan<byte> datagram, long kernelRealtimeNs, long appNs);

/// <summary>
/// The clients' floor sockets: a few shared by all members (the appliance's floor port for each member tells them
/// apart), each read by its own thread with recvmmsg and a kernel receive timestamp per datagram, so a thousand
/// groups cost the tool a few syscalls per batch and the latency ends where the client's socket got the message.
/// </summary>
internal sealed class FloorPorts : IDisposable
{
    private const int SolSocket = 1, SoRcvBufForce = 33;
    private const int Batch = 64, BufferBytes = 2048;
    private readonly Socket[] _sockets;
    private readonly Thread[] _threads;
    private readonly FloorDatagramHandler _handler;
    private volatile bool _running = true;

    public FloorPorts(IPAddress local, int count, FloorDatagramHandler handler)
    {
        _handler = handler;
        _sockets = new Socket[count];
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(local, 0));
            socket.ReceiveTimeout = 200; // lets the thread see Dispose
            EnlargeReceiveBuffer(socket, 8 << 20);
            TimestampedReceiver.EnableTimestamps(socket);
            _sockets[i] = socket;
        }
        for (int i = 0; i < count; i++)
        {
            int index = i;
            _threads[i] = new Thread(() => Receive(index)) { IsBackground = true, Name = $"floor-load-rx-{i}" };
            _threads[i].Start();
        }
    }

    public int Count => _sockets.Length;

    public IPEndPoint LocalEndPoint(int socket) => (IPEndPoint)_sockets[socket].LocalEndPoint!;

    /// <summary>False when the kernel refused the datagram (counted by the caller).</summary>
    public bool Send(int socket, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _sockets[socket].SendTo(datagram, SocketFlags.None, to);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Receive(int index)
    {
        var socket = _sockets[index];
        using var batch = new TimestampedReceiver(Batch, BufferBytes);
        while (_running)
        {
            int n = batch.Receive(socket);
            if (n <= 0) continue; // timeout (EAGAIN) or an error of one recvmmsg
            long app = Clock.NowNs();
            for (int i = 0; i < n; i++)
            {
                long kernel = batch.TryGetKernelTimestamp(i, out long stamp) ? stamp : 0;
                _handler(index, batch.SourcePort(i), batch.Packet(i), kernel, app);
            }
        }
    }

    /// <summary>SO_RCVBUFFORCE (root) so a burst of fan-out messages is not dropped; else as much as rmem_max allows.</summary>
    private static void EnlargeReceiveBuffer(Socket socket, int bytes)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(value, bytes);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, value);
        }
        catch (SocketException)
        {
            socket.ReceiveBufferSize = bytes;
        }
    }

    public void Dispose()
    {
        _running = false;
        foreach (var thread in _threads) thread.Join();
        foreach (var socket in _sockets) socket.Dispose();
    }
}
