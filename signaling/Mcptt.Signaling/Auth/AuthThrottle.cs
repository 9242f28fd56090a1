using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Auth;

/// <summary>Which ban refused a request, and until when (Unix ms).</summary>
public readonly record struct AuthBan(AuthBanScope Scope, long UntilMs)
{
    public static readonly AuthBan None = new(AuthBanScope.None, 0);
    public bool Active => Scope != AuthBanScope.None;
}

public enum AuthBanScope : byte { None, Source, User }

/// <summary>
/// Failure throttling for digest authentication (Kamailio's pike and htable bans, for guesses): counts wrong guesses
/// per source host and per user in a window and bans past <see cref="AuthThrottleOptions"/>' limits, the ban doubling
/// for repeat offenders. A banned source is refused before its credentials are looked at, so even the right password
/// is refused there during the ban.
///
/// Per-user lockout is a denial-of-service tool in an attacker's hands (lock alice out by guessing for her), so a
/// user's lock never applies to hosts where that user authenticated recently: a distributed guesser locks the account
/// for new hosts only, and a single guessing host is banned long before it reaches the user limit.
/// Thread-safe (one lock; it is taken only for requests that carry or need credentials).
/// </summary>
public sealed class AuthThrottle
{
    private const int KnownSourcesPerUser = 8;
    private readonly object _gate = new();
    private readonly AuthThrottleOptions _options;
    private readonly Func<string, bool> _isKnownUser;
    private readonly TimeProvider _time;
    private readonly SourceTable<Strikes, Strikes.Retention> _sources;
    private readonly Dictionary<string, UserStrikes> _users = new(StringComparer.Ordinal);

    /// <param name="isKnownUser">Only configured users get per-user state (bounded by the user list, not by the attacker).</param>
    public AuthThrottle(AuthThrottleOptions options, Func<string, bool> isKnownUser, TimeProvider time)
    {
        _options = options;
        _isKnownUser = isKnownUser;
        _time = time;
        _sources = new SourceTable<Strikes, Strikes.Retention>(options.MaxTrackedSources);
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The ban that refuses <paramref name="user"/> (the claimed user, may be null) from <paramref name="source"/>, if any.</summary>
    public AuthBan Check(IPAddress source, string? user)
    {
        long now = NowMs;
        var key = SourceKey.From(source);
        lock (_gate)
        {
            ref var strikes = ref _sources.Find(key, out bool found);
            if (found && strikes.BannedUntilMs > now) return new AuthBan(AuthBanScope.Source, strikes.BannedUntilMs);
            if (user is not null && _users.TryGetValue(user, out var state) && state.LockedUntilMs > now && !state.Knows(key, now))
                return new AuthBan(AuthBanScope.User, state.LockedUntilMs);
        }
        return AuthBan.None;
    }

    /// <summary>A wrong guess from <paramref name="source"/> for <paramref name="user"/>; the ban it started, if it started one.</summary>
    public AuthBan RecordFailure(IPAddress source, string? user)
    {
        long now = NowMs;
        var key = SourceKey.From(source);
        lock (_gate)
        {
            var started = AuthBan.None;
            ref var strikes = ref _sources.FindOrAdd(key, now, out _);
            if (strikes.Strike(now, _options.FailureWindow, _options.MaxFailuresPerSource))
            {
                strikes.BannedUntilMs = now + BanLength(strikes.Bans++);
                started = new AuthBan(AuthBanScope.Source, strikes.BannedUntilMs);
            }
            if (user is not null && _options.MaxFailuresPerUser > 0 && _isKnownUser(user))
            {
                if (!_users.TryGetValue(user, out var state)) _users[user] = state = new UserStrikes();
                if (state.Strike(now, _options.FailureWindow, _options.MaxFailuresPerUser))
                {
                    state.LockedUntilMs = now + BanLength(state.Locks++);
                    if (!started.Active) started = new AuthBan(AuthBanScope.User, state.LockedUntilMs);
                }
            }
            return started;
        }
    }

    /// <summary>Right credentials: the host's count starts over and the host is remembered as one of the user's own.</summary>
    public void RecordSuccess(IPAddress source, string user)
    {
        long now = NowMs;
        var key = SourceKey.From(source);
        lock (_gate)
        {
            ref var strikes = ref _sources.Find(key, out bool found);
            if (found) strikes.Failures = 0;
            if (!_isKnownUser(user)) return;
            if (!_users.TryGetValue(user, out var state)) _users[user] = state = new UserStrikes();
            state.Remember(key, now + (long)_options.KnownSourceLifetime.TotalMilliseconds);
        }
    }

    /// <summary>Running bans (for the gauge): hosts, or users.</summary>
    public int ActiveBans(AuthBanScope scope)
    {
        long now = NowMs;
        lock (_gate)
        {
            if (scope == AuthBanScope.Source) return _sources.CountWhere(s => s.BannedUntilMs > now);
            int locked = 0;
            foreach (var state in _users.Values)
                if (state.LockedUntilMs > now) locked++;
            return locked;
        }
    }

    /// <summary>BanTime doubled per earlier ban, capped at MaxBanTime.</summary>
    private long BanLength(int earlierBans)
    {
        double ms = _options.BanTime.TotalMilliseconds * Math.Pow(2, Math.Min(earlierBans, 30));
        return (long)Math.Min(ms, _options.MaxBanTime.TotalMilliseconds);
    }

    /// <summary>Wrong guesses of one host in the current window, and its ban.</summary>
    private struct Strikes
    {
        public int Failures;
        public long WindowStartMs;
        public long BannedUntilMs;
        public int Bans;
        public long LastMs;

        /// <summary>Counts one failure; true when it reaches <paramref name="limit"/> (0 = never).</summary>
        public bool Strike(long now, TimeSpan window, int limit)
        {
            LastMs = now;
            if (now - WindowStartMs > (long)window.TotalMilliseconds)
            {
                WindowStartMs = now;
                Failures = 0;
            }
            Failures++;
            if (limit == 0 || Failures < limit) return false;
            Failures = 0;
            return true;
        }

        /// <summary>Banned hosts are kept; a host quiet for an hour (the longest ban) is forgotten, its doubling with it.</summary>
        public readonly struct Retention : ISourceRetention<Strikes>
        {
            public static long Value(in Strikes entry, long nowMs)
            {
                if (entry.BannedUntilMs > nowMs) return long.MaxValue / 2 + entry.BannedUntilMs;
                return nowMs - Math.Max(entry.LastMs, entry.BannedUntilMs) > 3_600_000 ? long.MinValue : entry.LastMs;
            }
        }
    }

    private sealed class UserStrikes
    {
        private readonly (SourceKey Source, long UntilMs)[] _known = new (SourceKey, long)[KnownSourcesPerUser];
        private Strikes _strikes;

        public long LockedUntilMs;
        public int Locks;

        public bool Strike(long now, TimeSpan window, int limit) => _strikes.Strike(now, window, limit);

        public bool Knows(SourceKey source, long now)
        {
            foreach (var (known, until) in _known)
                if (until > now && known == source) return true;
            return false;
        }

        /// <summary>Adds or refreshes <paramref name="source"/>, replacing the entry that expires first.</summary>
        public void Remember(SourceKey source, long untilMs)
        {
            int slot = 0;
            for (int i = 0; i < _known.Length; i++)
            {
                if (_known[i].Source == source) { slot = i; break; }
                if (_known[i].UntilMs < _known[slot].UntilMs) slot = i;
            }
            _known[slot] = (source, untilMs);
        }
    }
}
