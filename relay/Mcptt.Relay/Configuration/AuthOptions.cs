namespace Mcptt.Relay.Configuration;

/// <summary>Section "Auth": SIP digest authentication (RFC 3261 §22, RFC 7616) for REGISTER and INVITE.</summary>
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
}
