using System.Net;
using System.Net.Sockets;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// Hands out loopback ports that are free for both UDP and TCP at the time of the call, from 20000-29999:
/// below Linux's ephemeral range (32768+), so the kernel does not give them to outgoing sockets meanwhile,
/// and above the peers' well-known ports. A port is never handed out twice by one test process; the start
/// offset depends on the PID so concurrent test processes rarely probe the same ports.
/// </summary>
public static class FreePorts
{
    private const int First = 20000;
    private const int Last = 29999;
    private static readonly object Gate = new();
    private static int _cursor = First + (Environment.ProcessId * 331) % (Last - First);

    /// <summary>One port free on UDP and TCP.</summary>
    public static int Next() => Block(1);

    /// <summary><paramref name="count"/> consecutive ports, all free on UDP and TCP; the first is a multiple of
    /// <paramref name="alignment"/> (use 2 for an RTP/RTCP pair, 4 for baresip's SIP+TLS ports).</summary>
    public static int Block(int count, int alignment = 1)
    {
        if (count < 1 || count > 4096) throw new ArgumentOutOfRangeException(nameof(count));
        lock (Gate)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                int start = (_cursor + alignment - 1) / alignment * alignment;
                if (start + count - 1 > Last) { _cursor = First; continue; }
                _cursor = start + count;
                if (AllFree(start, count)) return start;
            }
        }
        throw new InvalidOperationException($"no block of {count} free ports in {First}-{Last}");
    }

    public static bool IsFree(int port, ProtocolType protocol)
    {
        var type = protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream;
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool AllFree(int start, int count)
    {
        for (int port = start; port < start + count; port++)
            if (!IsFree(port, ProtocolType.Udp) || !IsFree(port, ProtocolType.Tcp)) return false;
        return true;
    }
}
