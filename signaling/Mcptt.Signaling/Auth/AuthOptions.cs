using System.Net;

namespace Mcptt.Signaling.Auth;

/// <summary>
/// Digest authentication settings (configuration section "Auth"). Auth is on by default: an appliance
/// that silently accepted any REGISTER or INVITE would be an open relay for anyone who can reach port 5060.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>When false, REGISTER and INVITE are accepted without credentials (lab use only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The digest realm shown to clients and hashed into HA1.</summary>
    public string Realm { get; set; } = "mcptt";

    /// <summary>User name → clear-text password.</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>User name → HA1 = hex H("user:realm:password") with <see cref="Algorithm"/>, for configs that must not hold passwords.</summary>
    public Dictionary<string, string> UsersHa1 { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The digest hash (MD5 today; the authenticator takes it as a parameter, so SHA-256 is one more instance).</summary>
    public DigestAlgorithm Algorithm { get; set; } = DigestAlgorithm.Md5;

    /// <summary>How long a nonce is accepted; after that the client gets stale=true and retries silently.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Key for signing nonces. Null: a random key per process (nonces die with a restart, clients just
    /// re-authenticate). Set the same value on instances behind one address so their nonces are interchangeable.
    /// </summary>
    public string? NonceSecret { get; set; }

    /// <summary>
    /// Challenge dialog-creating INVITEs (private and group calls) with 407 Proxy-Authenticate. On by default: without it
    /// anyone on a registered user's host or NAT could call as that user. Off only in a lab, or use <see cref="TrustedNetworks"/>.
    /// </summary>
    public bool AuthInvites { get; set; } = true;

    /// <summary>
    /// Source networks whose requests are not digest-challenged (e.g. the proxy in front of the appliance, which
    /// authenticated its users itself). Their INVITEs fall back to the registered-caller check of call control.
    /// </summary>
    public List<IPNetwork> TrustedNetworks { get; set; } = new();

    /// <summary>
    /// Refuse answers without qop (RFC 2069 style) although the challenge offered qop=auth: such an answer is the same
    /// for every request on its nonce, so only its nonce can stop a replay. False for old clients: then a nonce
    /// answered without qop is single-use.
    /// </summary>
    public bool RequireQop { get; set; } = true;

    /// <summary>Nonces whose nonce-count is remembered (replay protection); fixed memory, oldest forgotten first.</summary>
    public int MaxTrackedNonces { get; set; } = 65536;

    /// <summary>Failure throttling (bans of guessing hosts and users).</summary>
    public AuthThrottleOptions Throttle { get; set; } = new();

    /// <summary>Every problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Realm) || Realm.Contains('"') || Realm.Length > 128)
            errors.Add("Auth:Realm must be 1..128 characters without '\"'.");
        if (NonceLifetime < TimeSpan.FromSeconds(10) || NonceLifetime > TimeSpan.FromDays(1))
            errors.Add("Auth:NonceLifetime must be between 10 seconds and 1 day.");
        if (NonceSecret is { Length: < 16 })
            errors.Add("Auth:NonceSecret must be at least 16 characters when set.");
        if (MaxTrackedNonces is < 16 or > 16_777_216)
            errors.Add("Auth:MaxTrackedNonces must be 16..16777216.");
        if (Enabled && Users.Count == 0 && UsersHa1.Count == 0)
            errors.Add("Auth:Users (or Auth:UsersHa1) must list at least one user while Auth:Enabled is true.");
        errors.AddRange(Throttle.Validate());
        foreach (var (user, password) in Users)
        {
            if (!IsValidUser(user)) errors.Add($"Auth:Users: user name '{user}' must be 1..64 characters without ':', '\"', '@', space or control characters.");
            if (string.IsNullOrEmpty(password)) errors.Add($"Auth:Users:{user}: password is empty.");
        }
        int ha1Length = Algorithm.HexLength;
        foreach (var (user, ha1) in UsersHa1)
        {
            if (!IsValidUser(user)) errors.Add($"Auth:UsersHa1: user name '{user}' must be 1..64 characters without ':', '\"', '@', space or control characters.");
            if (ha1.Length != ha1Length || !ha1.All(Uri.IsHexDigit)) errors.Add($"Auth:UsersHa1:{user}: HA1 must be {ha1Length} hex digits.");
            if (Users.ContainsKey(user)) errors.Add($"Auth:UsersHa1:{user}: user is also in Auth:Users; keep one.");
        }
        return errors;
    }

    /// <summary>True when <paramref name="source"/> lies in <see cref="TrustedNetworks"/>.</summary>
    public bool IsTrusted(IPAddress source) => Mcptt.Signaling.Sip.SipFloodOptions.Contains(TrustedNetworks, source);

    internal static bool IsValidUser(string user)
    {
        if (user.Length is 0 or > 64) return false;
        foreach (char c in user)
            if (c is ':' or '"' or '@' or ' ' or '\\' || char.IsControl(c)) return false;
        return true;
    }
}
