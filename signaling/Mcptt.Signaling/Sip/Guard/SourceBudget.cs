namespace Mcptt.Signaling.Sip;

/// <summary>
/// What the flood guard remembers of one source host: a token bucket of SIP messages, the response-byte credit that
/// keeps UDP answers to it at 1x what it sent (plus a small allowance per interval), and until when it counts as
/// verified (authenticated).
/// Plain arithmetic on integers, no allocation.
/// </summary>
public struct SourceBudget
{
    /// <summary>An unverified source unseen for this long is forgotten first (its bucket is full again by then anyway).</summary>
    public const long IdleForgetMs = 10 * 60 * 1000;

    public long LastSeenMs;
    public long TokensMilli;
    public long RefilledAtMs;
    public int Credit;
    public long AllowanceAtMs;
    public long VerifiedUntilMs;

    public readonly bool IsVerified(long nowMs) => VerifiedUntilMs > nowMs;

    /// <summary>A new source: a full bucket, no credit yet (its first answer draws on the allowance).</summary>
    public void Start(long nowMs, int ratePerSecond)
    {
        LastSeenMs = nowMs;
        RefilledAtMs = nowMs;
        TokensMilli = BurstMilli(ratePerSecond);
        AllowanceAtMs = long.MinValue / 2;
    }

    /// <summary>True (and the interval restarts) when this source's last allowance is at least <paramref name="intervalMs"/> old.</summary>
    public bool AllowanceDue(long nowMs, long intervalMs)
    {
        if (nowMs - AllowanceAtMs < intervalMs) return false;
        AllowanceAtMs = nowMs;
        return true;
    }

    /// <summary>Just verified: the bucket is as full as a verified source's (the stranger's burst may be spent by its registration).</summary>
    public void Promote(int verifiedRatePerSecond) => TokensMilli = Math.Max(TokensMilli, BurstMilli(verifiedRatePerSecond));

    /// <summary>Refills at <paramref name="ratePerSecond"/> and takes one message; false when the bucket is empty.</summary>
    public bool TakeMessage(long nowMs, int ratePerSecond)
    {
        LastSeenMs = nowMs;
        long elapsed = Math.Max(0, nowMs - RefilledAtMs);
        RefilledAtMs = nowMs;
        TokensMilli = Math.Min(BurstMilli(ratePerSecond), TokensMilli + elapsed * ratePerSecond);
        if (TokensMilli < 1000) return false;
        TokensMilli -= 1000;
        return true;
    }

    /// <summary>A datagram of <paramref name="bytes"/> arrived: it earns as much response credit (capped).</summary>
    public void Earn(int bytes, int cap) => Credit = (int)Math.Min(cap, (long)Credit + bytes);

    /// <summary>Spends credit on a response of <paramref name="bytes"/>; false (nothing spent) when it does not fit.</summary>
    public bool Spend(int bytes)
    {
        if (bytes > Credit) return false;
        Credit -= bytes;
        return true;
    }

    private static long BurstMilli(int ratePerSecond) => 2L * ratePerSecond * 1000;
}

/// <summary>Retention of <see cref="SourceBudget"/>s: verified sources are kept over strangers, idle strangers go first.</summary>
public readonly struct SourceBudgetRetention : ISourceRetention<SourceBudget>
{
    public static long Value(in SourceBudget entry, long nowMs)
    {
        if (entry.IsVerified(nowMs)) return long.MaxValue / 2 + entry.LastSeenMs;
        return nowMs - entry.LastSeenMs > SourceBudget.IdleForgetMs ? long.MinValue : entry.LastSeenMs;
    }
}
