using System.Globalization;
using System.Text;

namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// Packet counts per (time bucket, stream), bucketed by the send time stamped into each probe, so a
/// packet that sat in a relay's queue for 300 ms still counts in the bucket it was sent in and "loss
/// in bucket b" is simply sent[b] − received[b]. One flat int array sized up front: counting is an
/// index computation and an increment. Times past the last bucket land in the last one.
/// </summary>
internal sealed class BucketGrid(long originTicks, long ticksPerBucket, int buckets, int streams)
{
    private readonly int[] _counts = new int[buckets * streams];

    public int Buckets => buckets;

    public int Streams => streams;

    public void Add(long stampTicks, int stream)
    {
        long bucket = (stampTicks - originTicks) / ticksPerBucket;
        if (bucket < 0) return; // sent before the origin (warm-up stragglers)
        if (bucket >= buckets) bucket = buckets - 1;
        _counts[bucket * streams + stream]++;
    }

    public int this[int bucket, int stream] => _counts[bucket * streams + stream];

    /// <summary>CSV "bucket,stream,sent,received" for every cell; a few 10k lines for 100 streams over 20 s in 100 ms buckets.</summary>
    public static void WriteCsv(string path, BucketGrid sent, BucketGrid received, double bucketSeconds)
    {
        var text = new StringBuilder("bucket_start_s,stream,sent,received\n");
        for (int b = 0; b < sent.Buckets; b++)
            for (int s = 0; s < sent.Streams; s++)
                text.Append(string.Format(CultureInfo.InvariantCulture, "{0:F3},{1},{2},{3}\n", b * bucketSeconds, s, sent[b, s], received[b, s]));
        File.WriteAllText(path, text.ToString());
    }
}
