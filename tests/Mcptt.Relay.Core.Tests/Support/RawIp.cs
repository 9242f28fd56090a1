using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Mcptt.Relay.Core.Tests.Support;

/// <summary>
/// Hand-built IPv4/UDP datagrams for the raw engine's tests: an RFC 1071 checksum written the
/// slow, obvious way (big-endian words, independent of the engine's native-order code), a raw
/// sender for crafted (hostile) datagrams and a raw capture to inspect what the relay sent.
/// Needs root / CAP_NET_RAW.
/// </summary>
internal static class RawIp
{
    /// <summary>Ones' complement sum of big-endian 16-bit words (odd length padded with a zero byte), folded.</summary>
    public static ushort SlowSum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        uint sum = initial;
        for (int i = 0; i < data.Length; i += 2)
            sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>The UDP checksum of an IPv4 datagram (header at 0, UDP at 20) with its checksum field taken as 0.</summary>
    public static ushort UdpChecksum(ReadOnlySpan<byte> datagram)
    {
        var udp = datagram.Slice(20).ToArray();
        udp[6] = 0;
        udp[7] = 0;
        byte[] pseudo = [.. datagram.Slice(12, 8), 0, 17, (byte)(udp.Length >> 8), (byte)udp.Length];
        uint sum = (uint)SlowSum(pseudo) + SlowSum(udp);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        ushort checksum = (ushort)~sum;
        return checksum == 0 ? (ushort)0xFFFF : checksum;
    }

    /// <summary>True when the stored UDP checksum verifies (RFC 768: the sum over pseudo header and datagram is all ones).</summary>
    public static bool UdpChecksumVerifies(ReadOnlySpan<byte> datagram)
    {
        var udp = datagram.Slice(20);
        byte[] pseudo = [.. datagram.Slice(12, 8), 0, 17, (byte)(udp.Length >> 8), (byte)udp.Length];
        uint sum = (uint)SlowSum(pseudo) + SlowSum(udp);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return sum == 0xFFFF;
    }

    /// <summary>An IPv4/UDP datagram from 127.0.0.1:<paramref name="sourcePort"/> to <paramref name="to"/> (default 127.0.0.1):<paramref name="port"/>.</summary>
    public static byte[] Datagram(int sourcePort, int port, byte[] payload, int? udpLengthOverride = null, bool checksum = true, bool corrupt = false,
        IPAddress? to = null)
    {
        var d = new byte[28 + payload.Length];
        d[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), (ushort)d.Length);
        d[6] = 0x40;
        d[8] = 64;
        d[9] = 17;
        IPAddress.Loopback.TryWriteBytes(d.AsSpan(12), out _);
        (to ?? IPAddress.Loopback).TryWriteBytes(d.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(20), (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(22), (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(d, 28);
        if (checksum) BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(26), (ushort)(UdpChecksum(d) ^ (corrupt ? 0x0101 : 0)));
        if (udpLengthOverride is int lie) BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(24), (ushort)lie);
        return d;
    }

    /// <summary>The same datagram with four NOP option bytes in a 24-byte IP header (IHL 6).</summary>
    public static byte[] WithIpOptions(byte[] datagram)
    {
        byte[] d = [.. datagram.AsSpan(0, 20), 1, 1, 1, 1, .. datagram.AsSpan(20)];
        d[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), (ushort)d.Length);
        return d;
    }

    /// <summary>Sends a whole IPv4 datagram as given (IPPROTO_RAW: the kernel only fills total length, id and header checksum).</summary>
    public static void Send(byte[] datagram)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
        socket.SendTo(datagram, new IPEndPoint(new IPAddress(datagram.AsSpan(16, 4)), 0));
    }
}

/// <summary>A raw IPPROTO_UDP socket that sees the UDP datagrams to one port on 127.0.0.1 (root only).</summary>
internal sealed class RawCapture : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[65536];

    /// <summary>Only datagrams to <paramref name="port"/> are queued (the engine's own BPF program, one port wide),
    /// so other traffic on the host (a load test next door) cannot overflow the buffer.</summary>
    public RawCapture(int port)
    {
        _socket.ReceiveBufferSize = 1 << 20;
        var filter = Mcptt.Relay.Core.Io.Raw.SocketFilters.Receive(0x7F000001, port, port, 1, 0);
        int error = Mcptt.Relay.Core.Io.Raw.SocketFilters.Attach((int)_socket.Handle, filter);
        if (error != 0) throw new InvalidOperationException($"SO_ATTACH_FILTER failed, errno {error}");
        // Whatever arrived between socket() and the filter is unfiltered: discard it.
        while (_socket.Available > 0) _socket.Receive(_buffer);
        _port = port;
    }

    private readonly int _port;

    /// <summary>The next datagram (IPv4 header included), or null after the timeout.</summary>
    public byte[]? Next(int timeoutMs = 3000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (!_socket.Poll(50_000, SelectMode.SelectRead)) continue;
            int n = _socket.Receive(_buffer);
            if (n >= 28 && BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(22)) == _port) return _buffer.AsSpan(0, n).ToArray();
        }
        return null;
    }

    public void Dispose() => _socket.Dispose();
}
