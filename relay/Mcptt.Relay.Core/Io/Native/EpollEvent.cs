using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Native;

/// <summary>
/// struct epoll_event is packed (12 bytes) on x86-64 but naturally aligned (16 bytes) on other
/// 64-bit ABIs, so it is read and written at computed offsets instead of through one struct.
/// </summary>
internal static unsafe class EpollEvent
{
    public static readonly int Size = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static void Write(byte* ev, uint events, ulong data)
    {
        *(uint*)ev = events;
        *(ulong*)(ev + DataOffset) = data; // unaligned store is fine on x64/arm64
    }

    public static ulong ReadData(byte* events, int index) => *(ulong*)(events + index * Size + DataOffset);
}
