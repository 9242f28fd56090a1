using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

public sealed class SourceTableTests
{
    private struct Seen
    {
        public long At;
        public bool Pinned;
    }

    private readonly struct ByAge : ISourceRetention<Seen>
    {
        public static long Value(in Seen entry, long nowMs) => entry.Pinned ? long.MaxValue : nowMs - entry.At > 1000 ? long.MinValue : entry.At;
    }

    private static SourceKey Key(int i) => SourceKey.From(new IPAddress(0x0A000000u + (uint)i));

    [Fact]
    public void Memory_is_fixed_and_new_sources_replace_the_least_valuable_entry()
    {
        var table = new SourceTable<Seen, ByAge>(64);
        Assert.Equal(64, table.Capacity);
        ref var pinned = ref table.FindOrAdd(Key(0), 0, out bool added);
        Assert.True(added);
        pinned.Pinned = true;
        for (int i = 1; i < 100_000; i++)
        {
            ref var entry = ref table.FindOrAdd(Key(i), i, out _);
            entry.At = i;
        }
        Assert.Equal(64, table.Count);
        table.Find(Key(0), out bool kept);
        Assert.True(kept);
        table.Find(Key(99_999), out bool newest);
        Assert.True(newest);
    }

    [Fact]
    public void Ipv4_and_its_mapped_form_are_one_key_and_sweep_forgets_expired_entries()
    {
        Assert.Equal(SourceKey.From(IPAddress.Parse("10.1.2.3")), SourceKey.From(IPAddress.Parse("10.1.2.3").MapToIPv6()));
        Assert.Equal("10.1.2.3", SourceKey.From(IPAddress.Parse("::ffff:10.1.2.3")).ToString());
        var table = new SourceTable<Seen, ByAge>(16);
        for (int i = 0; i < 8; i++) table.FindOrAdd(Key(i), 0, out _).At = 0;
        Assert.Equal(8, table.Count);
        Assert.Equal(8, table.Sweep(5000));
        Assert.Equal(0, table.Count);
    }
}
