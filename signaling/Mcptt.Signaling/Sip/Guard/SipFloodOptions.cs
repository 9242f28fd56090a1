using System.Net;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// Limits of <see cref="SipFloodGuard"/>, the per-source admission in front of SIP parsing. "Verified" sources are
/// hosts that recently passed digest authentication (or lie in <see cref="VerifiedNetworks"/>); every other source is
/// a stranger whose UDP source address may be spoofed.
/// </summary>
public sealed class SipFloodOptions
{
    /// <summary>False: no per-source limits at all (the global TCP cap and transaction limit still apply).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>SIP messages (UDP datagrams and TCP messages) per second from an unverified source; the bucket holds
    /// twice as many, so a phone's registration burst passes. Beyond it messages are dropped before parsing (TCP: the
    /// connection is closed).</summary>
    public int RequestsPerSecond { get; init; } = 50;

    /// <summary>The same for a verified source (a NAT with many phones, a proxy in <see cref="VerifiedNetworks"/>).</summary>
    public int VerifiedRequestsPerSecond { get; init; } = 2000;

    /// <summary>
    /// UDP responses to an unverified source may not carry more bytes than it sent (reflection guard): every datagram
    /// it sends adds its size to its credit, every response takes its size. When the credit is short, the source may
    /// draw this many bytes once per 10 s, so its first answer (a 401 is larger than the REGISTER) and a monitor's
    /// OPTIONS pings still leave; a flood from one source is answered at 1x plus at most this much per 10 s, and a
    /// flood of spoofed sources exhausts the allowances (100 per second for all sources together).
    /// </summary>
    public int ResponseAllowanceBytes { get; init; } = 1500;

    /// <summary>Open TCP connections per unverified source (one IP address).</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 32;

    /// <summary>Open TCP connections per verified source.</summary>
    public int MaxTcpConnectionsPerVerifiedSource { get; init; } = 512;

    /// <summary>An inbound TCP connection must deliver its first complete SIP message within this (slowloris guard).</summary>
    public TimeSpan TcpFirstMessageTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a successful digest authentication keeps its source verified.</summary>
    public TimeSpan VerifiedLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Sources whose limits are remembered (fixed memory; the least recently seen unverified ones are forgotten first).</summary>
    public int MaxTrackedSources { get; init; } = 65536;

    /// <summary>Refusals are counted per reason and summed up in one log line per interval, never logged one by one.</summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Treated as verified (e.g. the proxy in front of us, networks in Auth:TrustedNetworks).</summary>
    public IReadOnlyList<IPNetwork> VerifiedNetworks { get; init; } = [];

    /// <summary>No per-source limit at all (monitoring probes, a load generator).</summary>
    public IReadOnlyList<IPNetwork> ExemptNetworks { get; init; } = [];

    /// <summary>Every problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RequestsPerSecond is < 1 or > 1_000_000) errors.Add("SipFlood:RequestsPerSecond must be 1..1000000.");
        if (VerifiedRequestsPerSecond is < 1 or > 1_000_000) errors.Add("SipFlood:VerifiedRequestsPerSecond must be 1..1000000.");
        if (ResponseAllowanceBytes is < 0 or > 65535) errors.Add("SipFlood:ResponseAllowanceBytes must be 0..65535.");
        if (MaxTcpConnectionsPerSource < 1) errors.Add("SipFlood:MaxTcpConnectionsPerSource must be at least 1.");
        if (MaxTcpConnectionsPerVerifiedSource < MaxTcpConnectionsPerSource)
            errors.Add("SipFlood:MaxTcpConnectionsPerVerifiedSource must be >= SipFlood:MaxTcpConnectionsPerSource.");
        if (TcpFirstMessageTimeout < TimeSpan.FromMilliseconds(100) || TcpFirstMessageTimeout > TimeSpan.FromMinutes(5))
            errors.Add("SipFlood:TcpFirstMessageTimeoutMs must be between 100 ms and 5 minutes.");
        if (MaxTrackedSources is < 16 or > 16_777_216) errors.Add("SipFlood:MaxTrackedSources must be 16..16777216.");
        if (SummaryInterval < TimeSpan.FromSeconds(1)) errors.Add("SipFlood:SummaryIntervalSeconds must be at least 1.");
        return errors;
    }

    /// <summary>True when <paramref name="address"/> (an IPv4-mapped one as IPv4) lies in one of <paramref name="networks"/>.</summary>
    public static bool Contains(IReadOnlyList<IPNetwork> networks, IPAddress address)
    {
        if (networks.Count == 0) return false;
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in networks)
            if (network.Contains(normalized)) return true;
        return false;
    }
}
