using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// struct io_uring_sqe (64 bytes), with the union members this engine uses named by what it puts
/// there: OpFlags is msg_flags (SENDMSG/RECVMSG), cancel_flags (ASYNC_CANCEL) or poll32_events
/// (POLL_ADD); BufferGroup is buf_group for buffer-selecting receives.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct UringSqe
{
    public const int Size = 64;

    [FieldOffset(0)] public byte Opcode;
    [FieldOffset(1)] public byte Flags;
    [FieldOffset(2)] public ushort IoPriority;
    [FieldOffset(4)] public int Fd;
    [FieldOffset(8)] public ulong Offset;
    [FieldOffset(16)] public ulong Address;
    [FieldOffset(24)] public uint Length;
    [FieldOffset(28)] public uint OpFlags;
    [FieldOffset(32)] public ulong UserData;
    [FieldOffset(40)] public ushort BufferGroup;
    [FieldOffset(42)] public ushort Personality;
    [FieldOffset(44)] public int FileIndex;
    [FieldOffset(48)] public ulong Address3;
    [FieldOffset(56)] public ulong Pad;
}
