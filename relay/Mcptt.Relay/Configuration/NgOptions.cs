using System.Net;

namespace Mcptt.Relay.Configuration;

/// <summary>Section "Ng": the rtpengine-compatible ng control port (bencode over UDP).</summary>
public sealed record NgOptions
{
    public const string Section = "Ng";

    public bool Enabled { get; init; } = true;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = 2223;

    public IPEndPoint EndPoint => new(Address, Port);
}
