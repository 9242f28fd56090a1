using System.Net;

namespace Mcptt.Relay.Configuration;

/// <summary>Section "SipFlood": per-source limits in front of SIP parsing (Mcptt.Signaling.Sip.SipFloodGuard).</summary>
public sealed record SipFloodOptions
{
    public const string Section = "SipFlood";

    public bool Enabled { get; init; } = true;

    public int RequestsPerSecond { get; init; } = 50;

    public int VerifiedRequestsPerSecond { get; init; } = 2000;

    public int ResponseAllowanceBytes { get; init; } = 1500;

    public int MaxTcpConnectionsPerSource { get; init; } = 32;

    public int MaxTcpConnectionsPerVerifiedSource { get; init; } = 512;

    public int TcpFirstMessageTimeoutMs { get; init; } = 3000;

    public IReadOnlyList<IPNetwork> ExemptNetworks { get; init; } = [];
}
