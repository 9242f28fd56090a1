using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Buffers;

/// <summary>
/// A bump allocator over one native block, reset after every send flush: holds the rewritten
/// headers and RTCP copies that go out by scatter-gather next to the untouched payload in the
/// receive slab. Single-threaded (one per worker).
/// </summary>
internal sealed unsafe class NativeArena : IDisposable
{
    private byte* _base;
    private int _used;

    public NativeArena(int capacity)
    {
        Capacity = capacity;
        _base = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, 64);
    }

    public int Capacity { get; }

    public int Available => Capacity - _used;

    /// <summary>Returns the next free bytes without committing them.</summary>
    public byte* Peek => _base + _used;

    public void Commit(int length) => _used += length;

    public void Reset() => _used = 0;

    public void Dispose()
    {
        if (_base != null)
        {
            NativeMemory.AlignedFree(_base);
            _base = null;
        }
    }
}
