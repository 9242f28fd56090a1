namespace Mcptt.Signaling.Auth;

public enum AuthStatus : byte
{
    /// <summary>Credentials verified (or auth disabled); <see cref="AuthOutcome.User"/> is set.</summary>
    Authenticated,
    /// <summary>No credentials for our realm: answer with a challenge.</summary>
    Missing,
    /// <summary>Correct credentials on an expired or replayed nonce: challenge with stale=true.</summary>
    Stale,
    /// <summary>Malformed, unknown user or wrong response: challenge again (the reason is for logs only).</summary>
    Failed,
}

public readonly record struct AuthOutcome(AuthStatus Status, string? User, string? Reason)
{
    public bool Ok => Status == AuthStatus.Authenticated;

    public static AuthOutcome Success(string user) => new(AuthStatus.Authenticated, user, null);
    public static AuthOutcome Missing() => new(AuthStatus.Missing, null, "no credentials");
    public static AuthOutcome Stale(string reason) => new(AuthStatus.Stale, null, reason);
    public static AuthOutcome Fail(string reason) => new(AuthStatus.Failed, null, reason);
}
