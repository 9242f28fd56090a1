using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Protocol;

namespace Mcptt.RtpBlaster.Ng;

/// <summary>A minimal ng client: one UDP socket, unique cookies, retransmission on timeout (the server's reply cache makes retries safe).</summary>
internal sealed class NgClient : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly string _prefix = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly byte[] _buffer = new byte[65536];
    private int _sequence;

    public NgClient(IPEndPoint server, TimeSpan? timeout = null)
    {
        _server = server;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(server.Address, 0));
        _socket.ReceiveTimeout = (int)(timeout ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
    }

    public BDictionary Send(BDictionary request, int attempts = 3)
    {
        string cookie = _prefix + "_" + Interlocked.Increment(ref _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var datagram = NgFraming.Frame(Encoding.ASCII.GetBytes(cookie), BencodeWriter.ToArray(request));
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            _socket.SendTo(datagram, _server);
            while (true)
            {
                int n;
                try { n = _socket.Receive(_buffer); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut) { break; }
                if (!NgFraming.TrySplit(_buffer.AsSpan(0, n), out var replyCookie, out var document)) continue;
                if (!replyCookie.SequenceEqual(Encoding.ASCII.GetBytes(cookie))) continue; // a late reply to an earlier retry
                var error = BencodeReader.TryReadDictionary(document, BencodeLimits.Default, out var reply);
                if (error != BencodeError.None) throw new InvalidDataException($"undecodable ng reply: {error}");
                return reply!;
            }
        }
        throw new TimeoutException($"no ng reply from {_server} after {attempts} attempts");
    }

    public void Dispose() => _socket.Dispose();
}
