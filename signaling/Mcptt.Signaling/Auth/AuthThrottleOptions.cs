namespace Mcptt.Signaling.Auth;

/// <summary>
/// Failure throttling (configuration keys Auth:MaxFailuresPerSource ... Auth:MaxBanSeconds), like Kamailio's pike plus
/// an htable of bans: wrong guesses are counted per source host and per user within a window; past the limit the
/// source (or, for sources it never authenticated from, the user) is refused with 403 for a ban time that doubles
/// for repeat offenders.
/// </summary>
public sealed class AuthThrottleOptions
{
    /// <summary>Wrong guesses (password or user name) from one host within <see cref="FailureWindow"/> before it is banned; 0 = off.</summary>
    public int MaxFailuresPerSource { get; set; } = 10;

    /// <summary>
    /// Wrong guesses for one user, from anywhere, within <see cref="FailureWindow"/> before the user is locked for every
    /// host it has not authenticated from recently (a distributed guesser); 0 = off. Hosts where the user recently
    /// authenticated are never locked out this way, so an attacker cannot lock a user out of their own phone.
    /// </summary>
    public int MaxFailuresPerUser { get; set; } = 30;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First ban; each further ban of the same host or user within <see cref="MaxBanTime"/> doubles it.</summary>
    public TimeSpan BanTime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan MaxBanTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Hosts whose failures are remembered (fixed memory; hosts with a running ban are kept first).</summary>
    public int MaxTrackedSources { get; set; } = 16384;

    /// <summary>How long a host where a user authenticated stays exempt from that user's lock.</summary>
    public TimeSpan KnownSourceLifetime { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Validate()
    {
        if (MaxFailuresPerSource is < 0 or > 100_000) yield return "Auth:MaxFailuresPerSource must be 0..100000.";
        if (MaxFailuresPerUser is < 0 or > 100_000) yield return "Auth:MaxFailuresPerUser must be 0..100000.";
        if (FailureWindow < TimeSpan.FromSeconds(1) || FailureWindow > TimeSpan.FromDays(1))
            yield return "Auth:FailureWindowSeconds must be between 1 second and 1 day.";
        if (BanTime < TimeSpan.FromSeconds(1) || BanTime > TimeSpan.FromDays(1)) yield return "Auth:BanSeconds must be between 1 second and 1 day.";
        if (MaxBanTime < BanTime || MaxBanTime > TimeSpan.FromDays(7)) yield return "Auth:MaxBanSeconds must be between Auth:BanSeconds and 7 days.";
        if (MaxTrackedSources is < 16 or > 16_777_216) yield return "Auth:MaxTrackedSources must be 16..16777216.";
    }
}
