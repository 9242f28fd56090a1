using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// A provided-buffer ring (IORING_REGISTER_PBUF_RING): the buffers a worker's multishot receives
/// pick from, whichever socket the datagram arrives on. The worker is the only producer: a buffer
/// goes back as soon as its datagram has been copied out (one release store of the ring tail), so
/// the kernel only runs dry (-ENOBUFS) when more datagrams are waiting than the ring holds.
/// Memory is page aligned, as the kernel requires of the ring, and never moves.
/// </summary>
internal sealed unsafe class ProvidedBufferRing : IDisposable
{
    private const nuint PageSize = 4096;

    private readonly UringBuf* _ring;
    private readonly byte* _buffers;
    private readonly ushort _mask;
    private ushort _tail;
    private bool _disposed;

    private ProvidedBufferRing(ushort group, int entries, int bufferBytes, UringBuf* ring, byte* buffers)
    {
        Group = group;
        Entries = entries;
        BufferBytes = bufferBytes;
        _ring = ring;
        _buffers = buffers;
        _mask = (ushort)(entries - 1);
        for (int i = 0; i < entries; i++) Recycle(i);
    }

    public ushort Group { get; }
    public int Entries { get; }
    public int BufferBytes { get; }

    /// <summary>Registers <paramref name="entries"/> (a power of two ≤ 32768) buffers; null with the errno when the kernel refuses.</summary>
    public static ProvidedBufferRing? TryCreate(UringRing ring, ushort group, int entries, int bufferBytes, out int errno)
    {
        if (entries <= 0 || entries > 32768 || (entries & (entries - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(entries));
        var entriesMemory = (UringBuf*)NativeMemory.AlignedAlloc((nuint)entries * UringBuf.Size, PageSize);
        NativeMemory.Clear(entriesMemory, (nuint)entries * UringBuf.Size);
        var reg = new UringBufReg { RingAddress = (ulong)entriesMemory, RingEntries = (uint)entries, GroupId = group };
        if (Libc.IoUringRegister(ring.Fd, UringAbi.RegisterPbufRing, &reg, 1) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            NativeMemory.AlignedFree(entriesMemory);
            return null;
        }
        errno = 0;
        var buffers = (byte*)NativeMemory.AlignedAlloc((nuint)entries * (nuint)bufferBytes, PageSize);
        return new ProvidedBufferRing(group, entries, bufferBytes, entriesMemory, buffers);
    }

    public byte* Buffer(int id) => _buffers + (nint)id * BufferBytes;

    /// <summary>Hands buffer <paramref name="id"/> back to the kernel.</summary>
    public void Recycle(int id)
    {
        // Field by field: entry 0's last two bytes are the ring tail.
        UringBuf* entry = &_ring[_tail & _mask];
        entry->Address = (ulong)Buffer(id);
        entry->Length = (uint)BufferBytes;
        entry->BufferId = (ushort)id;
        _tail++;
        Volatile.Write(ref *(ushort*)((byte*)_ring + UringBuf.TailOffset), _tail);
    }

    /// <summary>Frees the memory; only after the io_uring is closed (which drops the registration and every request).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        NativeMemory.AlignedFree(_ring);
        NativeMemory.AlignedFree(_buffers);
    }
}
