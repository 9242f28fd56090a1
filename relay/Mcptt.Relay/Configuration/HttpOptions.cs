using System.Net;

namespace Mcptt.Relay.Configuration;

/// <summary>Section "Http": Kestrel, serving /metrics and /healthz only.</summary>
public sealed record HttpOptions
{
    public const string Section = "Http";

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = 9180;

    public IPEndPoint EndPoint => new(Address, Port);
}
