using System.Net;

namespace Mcptt.Signaling.Sip;

public enum SipTransportKind
{
    Udp,
    Tcp,
}

/// <summary>
/// Where to send a message: transport + IP endpoint, and optionally an existing TCP connection to use
/// (0 = any/open one). Name resolution is the caller's job (targets are IP literals).
/// </summary>
public sealed record SipTarget(SipTransportKind Transport, IPEndPoint EndPoint, long ConnectionId = 0)
{
    public static SipTarget Udp(IPEndPoint endPoint) => new(SipTransportKind.Udp, endPoint);

    public static SipTarget Tcp(IPEndPoint endPoint, long connectionId = 0) => new(SipTransportKind.Tcp, endPoint, connectionId);

    /// <summary>
    /// Target for a SIP URI whose host is an IP literal (maddr ignored): transport=tcp selects TCP,
    /// port defaults to 5060. Returns null for host names (resolve them first).
    /// </summary>
    public static SipTarget? FromUri(SipUri uri)
    {
        string host = uri.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var ip)) return null;
        var kind = string.Equals(uri.Transport, "tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp;
        return new SipTarget(kind, new IPEndPoint(ip, uri.Port ?? 5060));
    }

    public override string ToString() => Transport.ToString().ToUpperInvariant() + ":" + EndPoint;
}
