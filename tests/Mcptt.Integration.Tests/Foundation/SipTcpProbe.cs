using System.Net;
using System.Net.Sockets;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// One raw loopback TCP connection to the appliance's SIP port for stream-framing tests: send any bytes (half a
/// message, then nothing), read SIP responses, and observe when the appliance closes the connection.
/// Bounded: at most <see cref="MaxBuffered"/> bytes are kept from the peer.
/// </summary>
internal sealed class SipTcpProbe : IDisposable
{
    private const int MaxBuffered = 256 * 1024;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly List<byte> _received = [];

    /// <summary>True once the appliance closed (FIN or RST) its side.</summary>
    public bool Closed { get; private set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<SipTcpProbe> ConnectAsync(int port)
    {
        var probe = new SipTcpProbe();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await probe._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return probe;
        }
        catch
        {
            probe.Dispose();
            throw;
        }
    }

    /// <summary>Sends everything; false when the appliance has already reset the connection.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                int sent = await _socket.SendAsync(data, SocketFlags.None);
                data = data[sent..];
            }
            return true;
        }
        catch (SocketException)
        {
            Closed = true;
            return false;
        }
    }

    /// <summary>The next complete SIP response on the stream, or null when the connection closes or
    /// <paramref name="timeout"/> passes first.</summary>
    public async Task<SipResponse?> ReadResponseAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TakeResponse() is { } response) return response;
            if (Closed) return null;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await ReceiveAsync(left)) return null;
        }
    }

    /// <summary>Reads until the appliance closes the connection; true when it did within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Closed)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await ReceiveAsync(left)) break;
        }
        return Closed;
    }

    /// <summary>Every response parsed out of what was received so far (after <see cref="WaitClosedAsync"/>).</summary>
    public List<SipResponse> DrainResponses()
    {
        var responses = new List<SipResponse>();
        while (TakeResponse() is { } response) responses.Add(response);
        return responses;
    }

    private SipResponse? TakeResponse()
    {
        if (_received.Count == 0) return null;
        var result = SipParser.Parse(_received.ToArray(), SipFraming.Stream);
        if (result.Status == SipParseStatus.KeepAlive)
        {
            _received.RemoveRange(0, result.BytesConsumed);
            return TakeResponse();
        }
        if (result.Status != SipParseStatus.Success) return null;
        _received.RemoveRange(0, result.BytesConsumed);
        return result.Message as SipResponse;
    }

    /// <summary>One receive; false on timeout. Sets <see cref="Closed"/> on end of stream or reset.</summary>
    private async Task<bool> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[16384];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0) Closed = true;
            else if (_received.Count + n <= MaxBuffered) _received.AddRange(buffer.AsSpan(0, n));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            Closed = true;
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();
}
