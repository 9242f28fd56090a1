namespace Mcptt.Signaling.Auth;

/// <summary>
/// Digest authentication settings (configuration section "Auth"). Auth is on by default: an appliance
/// that silently accepted any REGISTER would be an open relay for anyone who can reach port 5060.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>When false, REGISTER and INVITE are accepted without credentials (lab use only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The digest realm shown to clients and hashed into HA1.</summary>
    public string Realm { get; set; } = "mcptt";

    /// <summary>User name → clear-text password.</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>User name → HA1 = hex MD5("user:realm:password"), for configs that must not hold passwords.</summary>
    public Dictionary<string, string> UsersHa1 { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a nonce is accepted; after that the client gets stale=true and retries silently.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Key for signing nonces. Null: a random key per process (nonces die with a restart, clients just
    /// re-authenticate). Set the same value on instances behind one address so their nonces are interchangeable.
    /// </summary>
    public string? NonceSecret { get; set; }

    /// <summary>
    /// Challenge INVITEs with 407 Proxy-Authenticate. Default false: the caller must already hold a
    /// digest-authenticated registration from the same source address (checked by call control), and
    /// sipp's plain uac scenarios carry no [authentication] for INVITE. Turn on for hostile networks.
    /// </summary>
    public bool AuthInvites { get; set; }

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
        if (Enabled && Users.Count == 0 && UsersHa1.Count == 0)
            errors.Add("Auth:Users (or Auth:UsersHa1) must list at least one user while Auth:Enabled is true.");
        foreach (var (user, password) in Users)
        {
            if (!IsValidUser(user)) errors.Add($"Auth:Users: user name '{user}' must be 1..64 characters without ':', '\"', '@', space or control characters.");
            if (string.IsNullOrEmpty(password)) errors.Add($"Auth:Users:{user}: password is empty.");
        }
        foreach (var (user, ha1) in UsersHa1)
        {
            if (!IsValidUser(user)) errors.Add($"Auth:UsersHa1: user name '{user}' must be 1..64 characters without ':', '\"', '@', space or control characters.");
            if (ha1.Length != 32 || !ha1.All(Uri.IsHexDigit)) errors.Add($"Auth:UsersHa1:{user}: HA1 must be 32 hex digits.");
            if (Users.ContainsKey(user)) errors.Add($"Auth:UsersHa1:{user}: user is also in Auth:Users; keep one.");
        }
        return errors;
    }

    internal static bool IsValidUser(string user)
    {
        if (user.Length is 0 or > 64) return false;
        foreach (char c in user)
            if (c is ':' or '"' or '@' or ' ' or '\\' || char.IsControl(c)) return false;
        return true;
    }
}
