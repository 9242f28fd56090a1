using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Configuration;

namespace Mcptt.Relay.Hosting;

/// <summary>
/// Before anything starts, binds (and releases) every configured listening endpoint once, so that a port
/// held by another process is reported by its setting name instead of surfacing later as a socket
/// exception from whichever component binds it first.
/// </summary>
public static class PortPreflight
{
    public readonly record struct Listener(string Setting, ProtocolType Protocol, IPEndPoint EndPoint);

    public static IReadOnlyList<Listener> ListenersOf(ApplianceOptions options)
    {
        var list = new List<Listener>
        {
            new("Sip:UdpPort", ProtocolType.Udp, options.Sip.UdpEndPoint),
            new("Sip:TcpPort", ProtocolType.Tcp, options.Sip.TcpEndPoint),
            new("Http:Port", ProtocolType.Tcp, options.Http.EndPoint),
        };
        if (options.Ng.Enabled) list.Add(new("Ng:Port", ProtocolType.Udp, options.Ng.EndPoint));
        return list;
    }

    /// <summary>Returns one message per listener that cannot be bound, e.g.
    /// "Sip:UdpPort 127.0.0.1:5060 is already in use".</summary>
    public static IReadOnlyList<(string Message, bool InUse)> Check(ApplianceOptions options)
    {
        var problems = new List<(string, bool)>();
        foreach (var listener in ListenersOf(options))
        {
            var error = TryBind(listener.Protocol, listener.EndPoint);
            if (error is null) continue;
            problems.Add(error == SocketError.AddressAlreadyInUse
                ? ($"{listener.Setting} {Format(listener.EndPoint)} is already in use", true)
                : error == SocketError.AddressNotAvailable
                    ? ($"{listener.Setting} {Format(listener.EndPoint)}: the address is not configured on this machine", false)
                    : ($"{listener.Setting} {Format(listener.EndPoint)} cannot be bound ({error})", false));
        }
        return problems;
    }

    public static string Format(IPEndPoint endPoint)
        => endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : $"{endPoint.Address}:{endPoint.Port}";

    private static SocketError? TryBind(ProtocolType protocol, IPEndPoint endPoint)
    {
        var type = protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream;
        using var socket = new Socket(endPoint.AddressFamily, type, protocol);
        try
        {
            socket.Bind(endPoint);
            if (protocol == ProtocolType.Tcp) socket.Listen(1);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
