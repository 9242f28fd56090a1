using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Records what the stack sends and lets a test inject received messages.</summary>
public sealed class FakeTransport : ISipTransport
{
    private readonly object _gate = new();
    private readonly List<(byte[] Data, IPEndPoint Remote, long ConnectionId)> _sent = new();

    public FakeTransport(SipTransportKind kind = SipTransportKind.Udp, int port = 5060)
    {
        Kind = kind;
        LocalEndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public SipTransportKind Kind { get; }
    public IPEndPoint LocalEndPoint { get; }
    public ISipTransportSink? Sink { get; private set; }
    public bool RefuseSends { get; set; }

    public Task StartAsync(ISipTransportSink sink, CancellationToken cancellationToken)
    {
        Sink = sink;
        return Task.CompletedTask;
    }

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public bool TrySend(ReadOnlyMemory<byte> data, IPEndPoint remote, long connectionId = 0)
    {
        if (RefuseSends) return false;
        lock (_gate) _sent.Add((data.ToArray(), remote, connectionId));
        return true;
    }

    public List<(SipMessage Message, IPEndPoint Remote, long ConnectionId)> Sent
    {
        get
        {
            lock (_gate)
                return _sent.Select(s => (Decode(s.Data), s.Remote, s.ConnectionId)).ToList();
        }
    }

    public List<SipResponse> SentResponses => Sent.Select(s => s.Message).OfType<SipResponse>().ToList();

    public List<SipRequest> SentRequests => Sent.Select(s => s.Message).OfType<SipRequest>().ToList();

    /// <summary>
    /// Parses what was sent. An error response may legitimately echo malformed headers of the request it
    /// answers (RFC 3261 copies them), so such responses are rebuilt from the status line and raw headers.
    /// </summary>
    private static SipMessage Decode(byte[] data)
    {
        var result = SipParser.Parse(data, SipFraming.Datagram);
        if (result.Message is not null) return result.Message;
        var text = System.Text.Encoding.UTF8.GetString(data);
        var parts = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ', 3);
        var response = new SipResponse(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts.Length > 2 ? parts[2] : "");
        foreach (var h in result.SalvagedHeaders!) response.Headers.Add(h);
        return response;
    }

    public void Clear()
    {
        lock (_gate) _sent.Clear();
    }

    public void Receive(byte[] data, IPEndPoint? from = null, long connectionId = 0)
    {
        var framing = Kind == SipTransportKind.Udp ? SipFraming.Datagram : SipFraming.Stream;
        Sink!.OnReceived(new SipInbound(SipParser.Parse(data, framing), Kind, from ?? DefaultPeer, LocalEndPoint, connectionId));
    }

    public void Receive(string text, IPEndPoint? from = null, long connectionId = 0) =>
        Receive(System.Text.Encoding.UTF8.GetBytes(text), from, connectionId);

    public static readonly IPEndPoint DefaultPeer = new(IPAddress.Parse("192.0.2.77"), 5070);
}
