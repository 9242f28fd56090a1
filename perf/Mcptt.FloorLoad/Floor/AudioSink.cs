using System.Net;
using System.Net.Sockets;

namespace Mcptt.FloorLoad.Floor;

/// <summary>
/// The one audio port every member's SDP names. Nobody talks in this load (it measures floor control, not media),
/// so nothing should arrive; what does is counted and reported.
/// </summary>
internal sealed class AudioSink : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private volatile bool _running = true;
    private long _datagrams;

    public AudioSink(IPAddress local)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(local, 0));
        _socket.ReceiveTimeout = 200;
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Drain) { IsBackground = true, Name = "floor-load-audio" };
        _thread.Start();
    }

    public int Port { get; }

    public long Datagrams => Interlocked.Read(ref _datagrams);

    private void Drain()
    {
        var buffer = new byte[2048];
        while (_running)
        {
            try
            {
                _socket.Receive(buffer);
                Interlocked.Increment(ref _datagrams);
            }
            catch (SocketException)
            {
                // timeout: check _running
            }
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join();
        _socket.Dispose();
    }
}
