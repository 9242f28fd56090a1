using System.Numerics;

namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// Log-linear histogram of nanosecond values: exact below 64 ns, then 32 sub-buckets per power of two
/// (≤ 3.2 % relative error), fixed size whatever the packet count: a list per packet would cost the
/// sink memory and GC pauses that show up as latency.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 5;
    private const int Sub = 1 << SubBits;
    private readonly long[] _counts = new long[64 * Sub];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0) nanoseconds = 0;
        _counts[Index(nanoseconds)]++;
        Count++;
        if (nanoseconds > Max) Max = nanoseconds;
    }

    /// <summary>The value below which <paramref name="quantile"/> of the samples fall (bucket midpoint); 0 when empty.</summary>
    public long Percentile(double quantile)
    {
        if (Count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(Midpoint(i), Max);
        }
        return Max;
    }

    internal static int Index(long value)
    {
        if (value < 2 * Sub) return (int)value;
        int msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        int shift = msb - SubBits;
        return (shift + 1) * Sub + (int)((value >> shift) & (Sub - 1));
    }

    internal static long LowerBound(int index)
    {
        if (index < 2 * Sub) return index;
        int shift = index / Sub - 1;
        return (long)(Sub + index % Sub) << shift;
    }

    private static long Midpoint(int index)
    {
        long low = LowerBound(index);
        long high = index + 1 < 64 * Sub ? LowerBound(index + 1) : low;
        return low + (high - low) / 2;
    }
}
