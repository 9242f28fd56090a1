using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Buffers;

/// <summary>
/// A worker's fixed set of packet buffers in one native, cache-line aligned block. Native memory
/// never moves, so the kernel (recvmmsg iovecs) and the pipeline keep raw pointers into it with no
/// pinning handles and no GC involvement; nothing is allocated per packet. Owned by one worker;
/// freed when the worker is disposed (after its thread has stopped).
/// </summary>
internal sealed unsafe class PacketSlab : IDisposable
{
    /// <summary>Largest datagram accepted; larger ones arrive truncated and are dropped as malformed.
    /// 2 KiB covers any RTP/RTCP packet on a 1500-byte MTU path with room to spare.</summary>
    public const int SlotSize = 2048;
    private const nuint Alignment = 64;

    private byte* _base;

    public PacketSlab(int slots)
    {
        if (slots <= 0) throw new ArgumentOutOfRangeException(nameof(slots));
        Slots = slots;
        _base = (byte*)NativeMemory.AlignedAlloc((nuint)slots * SlotSize, Alignment);
        NativeMemory.Clear(_base, (nuint)slots * SlotSize);
    }

    public int Slots { get; }

    public byte* this[int slot] => _base + (nint)slot * SlotSize;

    public Span<byte> Span(int slot, int length) => new(this[slot], length);

    public void Dispose()
    {
        if (_base != null)
        {
            NativeMemory.AlignedFree(_base);
            _base = null;
        }
    }
}
