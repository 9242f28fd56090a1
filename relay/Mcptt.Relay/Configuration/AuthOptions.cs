using System.Net;

namespace Mcptt.Relay.Configuration;

/// <summary>Section "Auth": SIP digest authentication (RFC 3261 §22, RFC 7616) for REGISTER and INVITE, and failure throttling.</summary>
public sealed record AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The well-known demo accounts, all with password <see cref="DemoPassword"/>.
    /// Only for trying the appliance out on loopback; operators turn them off with Auth:DemoUsers=false.</summary>
    public static readonly IReadOnlyList<string> DemoUserNames = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];

    public const string DemoPassword = "secret";

    public bool Enabled { get; init; } = true;

    /// <summary>Digest realm; empty in configuration means "Sip:Domain" (resolved by the loader).</summary>
    public string Realm { get; init; } = "";

    /// <summary>Adds <see cref="DemoUserNames"/> with password "secret" to <see cref="Users"/>.</summary>
    public bool DemoUsers { get; init; } = true;

    /// <summary>User name → password, after merging the demo users (explicit users win).</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Digest-challenge INVITEs (private and group calls) with 407, not only REGISTER.</summary>
    public bool AuthInvites { get; init; } = true;

    /// <summary>Source networks never digest-challenged (a proxy in front that authenticated its users); they get the
    /// flood guard's verified limits too.</summary>
    public IReadOnlyList<IPNetwork> TrustedNetworks { get; init; } = [];

    /// <summary>Refuse answers without qop to our qop=auth challenges; false only for old clients (their nonces are then single-use).</summary>
    public bool RequireQop { get; init; } = true;

    public int NonceLifetimeSeconds { get; init; } = 300;

    public int MaxFailuresPerSource { get; init; } = 10;

    public int MaxFailuresPerUser { get; init; } = 30;

    public int FailureWindowSeconds { get; init; } = 60;

    public int BanSeconds { get; init; } = 60;

    public int MaxBanSeconds { get; init; } = 3600;
}
