using System.Net;

namespace Mcptt.Relay.Configuration;

/// <summary>Section "Sip": the SIP front end (registrar, B2BUA, group calls).</summary>
public sealed record SipOptions
{
    public const string Section = "Sip";

    /// <summary>Local address the UDP and TCP listeners bind to.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public int UdpPort { get; init; } = 5060;

    public int TcpPort { get; init; } = 5060;

    /// <summary>The domain this relay is authoritative for (Request-URI host, AOR host).
    /// Empty in configuration means "the textual Sip:Address"; <see cref="EffectiveDomain"/> resolves it.</summary>
    public string Domain { get; init; } = "";

    /// <summary>Largest SIP message accepted on either transport; larger ones are rejected (UDP: dropped and counted,
    /// TCP: 513 and connection closed). Bounds parser memory per message.</summary>
    public int MaxMessageSize { get; init; } = 65535;

    /// <summary>An idle TCP connection (no bytes either way) is closed after this many seconds.</summary>
    public int TcpIdleTimeoutSeconds { get; init; } = 300;

    /// <summary>Cap on simultaneously open inbound TCP connections; beyond it new connections are refused.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    public string EffectiveDomain => Domain.Length > 0 ? Domain : Address.ToString();

    public IPEndPoint UdpEndPoint => new(Address, UdpPort);

    public IPEndPoint TcpEndPoint => new(Address, TcpPort);
}
