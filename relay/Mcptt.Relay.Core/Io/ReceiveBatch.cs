using Mcptt.Relay.Core.Buffers;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// The datagrams one receive call (recvmmsg, or a few ReceiveFrom) returned from one socket, as
/// the pipeline sees them: slab slot i holds datagram i. A negative length marks a datagram that
/// is dropped on admission: -1 truncated (oversized) or with lying IP/UDP lengths (malformed),
/// -2 a failed UDP checksum (raw engine). Reused for every batch; arrays sized once at worker start.
/// </summary>
internal sealed class ReceiveBatch
{
    public const int Truncated = -1;
    public const int BadChecksum = -2;

    public ReceiveBatch(PacketSlab slab)
    {
        Slab = slab;
        Lengths = new int[slab.Slots];
        Sources = new long[slab.Slots];
        PayloadSums = new ushort[slab.Slots];
    }

    public PacketSlab Slab { get; }
    public int[] Lengths { get; }
    /// <summary>Packed IPv4 source of each datagram (see PackedEndpoint).</summary>
    public long[] Sources { get; }
    /// <summary>Raw engine: the folded Internet checksum sum of each datagram's payload, computed once
    /// on receive (to verify it) and reused by every copy sent (to checksum it).</summary>
    public ushort[] PayloadSums { get; }
    public int Count { get; set; }
    /// <summary>Stopwatch timestamp taken once per batch: one clock read per syscall, not per packet.</summary>
    public long ArrivalTicks { get; set; }
    public int Capacity => Slab.Slots;
}
