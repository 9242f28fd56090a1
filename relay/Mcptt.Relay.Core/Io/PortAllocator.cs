using System.Net;
using System.Net.Sockets;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Hands out even/odd port pairs (RTP even, RTCP = RTP + 1) from the configured range; the pair
/// index doubles as the leg's slot. Free pairs are reused FIFO so a just-freed port is the last to
/// be reused (late packets of an old call do not land in a new one). A port some other process
/// holds fails to bind and is skipped (it stays in the pool: it may be free later).
/// Control plane only (called under the engine's lock).
/// </summary>
internal sealed class PortAllocator
{
    private readonly IPAddress _address;
    private readonly int _socketBufferBytes;
    private readonly Queue<int> _free;
    private int _freeCount;

    public PortAllocator(IPAddress address, int portMin, int portMax, int socketBufferBytes)
    {
        _address = address;
        _socketBufferBytes = socketBufferBytes;
        FirstPort = portMin + (portMin & 1);
        PairCount = Math.Max(0, (portMax - FirstPort + 1) / 2);
        _free = new Queue<int>(PairCount);
        for (int i = 0; i < PairCount; i++) _free.Enqueue(i);
        _freeCount = PairCount;
    }

    public int FirstPort { get; }
    public int PairCount { get; }
    public int FreePairs => Volatile.Read(ref _freeCount);

    public int PortOf(int pair) => FirstPort + 2 * pair;

    /// <summary>The pair (slot) an RTP port belongs to, or -1.</summary>
    public int PairOf(int rtpPort)
    {
        int offset = rtpPort - FirstPort;
        return offset < 0 || (offset & 1) != 0 || offset / 2 >= PairCount ? -1 : offset / 2;
    }

    public bool TryAllocate(bool singlePort, out int pair, out Socket? rtp, out Socket? rtcp)
    {
        for (int attempts = _free.Count; attempts > 0; attempts--)
        {
            pair = _free.Dequeue();
            int port = PortOf(pair);
            rtp = TryBind(port);
            rtcp = rtp is null || singlePort ? null : TryBind(port + 1);
            if (rtp is not null && (singlePort || rtcp is not null))
            {
                Volatile.Write(ref _freeCount, _freeCount - 1);
                return true;
            }
            rtp?.Dispose();
            rtcp?.Dispose();
            _free.Enqueue(pair); // in use by someone else: skip it for now
        }
        pair = -1;
        rtp = null;
        rtcp = null;
        return false;
    }

    public void Release(int pair)
    {
        _free.Enqueue(pair);
        Volatile.Write(ref _freeCount, _freeCount + 1);
    }

    private Socket? TryBind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // No SO_REUSEADDR: binding must fail if another socket holds the port.
            socket.ExclusiveAddressUse = true;
            socket.Bind(new IPEndPoint(_address, port));
            socket.Blocking = false;
            if (_socketBufferBytes > 0)
            {
                socket.ReceiveBufferSize = _socketBufferBytes;
                socket.SendBufferSize = _socketBufferBytes;
            }
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
