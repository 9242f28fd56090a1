using System.Net;

namespace Mcptt.Signaling.Sip;

/// <summary>A parsed (or failed) inbound message with where it came from.</summary>
public sealed record SipInbound(SipParseResult Result, SipTransportKind Transport, IPEndPoint Remote, IPEndPoint Local, long ConnectionId = 0);

/// <summary>Receives what a transport parsed. Called on the transport's receive loop: return quickly, never throw.</summary>
public interface ISipTransportSink
{
    void OnReceived(SipInbound inbound);

    /// <summary>An outbound connection could not be opened; what was queued for it is lost.</summary>
    void OnConnectFailed(SipTransportKind transport, IPEndPoint remote)
    {
    }
}

/// <summary>
/// One listening transport. Framing and parsing happen inside (datagram vs Content-Length framing), so
/// the sink only sees <see cref="SipParseResult"/>s. Tests substitute a fake.
/// </summary>
public interface ISipTransport : IAsyncDisposable
{
    SipTransportKind Kind { get; }

    /// <summary>The bound address (with the real port when configured with port 0); valid after start.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds and starts receiving. Bind failures throw <see cref="SipTransportBindException"/>.</summary>
    Task StartAsync(ISipTransportSink sink, CancellationToken cancellationToken);

    Task StopAsync();

    /// <summary>
    /// Queues one serialized message. <paramref name="connectionId"/> picks an existing connection (TCP);
    /// 0 means reuse any connection to <paramref name="remote"/> or open one. Returns false when the
    /// message was dropped (already logged and counted); never throws.
    /// </summary>
    bool TrySend(ReadOnlyMemory<byte> data, IPEndPoint remote, long connectionId = 0);
}

/// <summary>A listener could not bind; the message names the transport and address:port.</summary>
public sealed class SipTransportBindException : Exception
{
    public SipTransportBindException(string transport, IPEndPoint endPoint, Exception inner)
        : base($"SIP {transport} listener cannot bind {endPoint}: {inner.Message}", inner)
    {
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }
}
