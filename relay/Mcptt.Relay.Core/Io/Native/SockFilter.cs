using System.Runtime.InteropServices;

namespace Mcptt.Relay.Core.Io.Native;

/// <summary>
/// One classic BPF instruction (struct sock_filter, &lt;linux/filter.h&gt;) and the opcodes the
/// relay's socket filters use. Classic BPF runs in the kernel before a datagram is queued, so a
/// filter that returns 0 drops it without waking anyone and without a copy to user space.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 8)]
internal readonly struct SockFilter(ushort code, byte jumpTrue, byte jumpFalse, uint k)
{
    // Instruction classes, sizes, modes and operations (BPF_* in <linux/bpf_common.h>).
    public const ushort LdAbsWord = 0x00 | 0x00 | 0x20;   // BPF_LD | BPF_W | BPF_ABS
    public const ushort LdAbsHalf = 0x00 | 0x08 | 0x20;   // BPF_LD | BPF_H | BPF_ABS
    public const ushort LdIndHalf = 0x00 | 0x08 | 0x40;   // BPF_LD | BPF_H | BPF_IND (at X + k)
    public const ushort LdxIpHeaderLength = 0x01 | 0x10 | 0xA0; // BPF_LDX | BPF_B | BPF_MSH: X = 4 * (byte[k] & 0xF)
    public const ushort AluSubK = 0x04 | 0x10;            // BPF_ALU | BPF_SUB | BPF_K
    public const ushort AluRshK = 0x04 | 0x70;            // BPF_ALU | BPF_RSH | BPF_K
    public const ushort AluModK = 0x04 | 0x90;            // BPF_ALU | BPF_MOD | BPF_K
    public const ushort JeqK = 0x05 | 0x10;               // BPF_JMP | BPF_JEQ | BPF_K
    public const ushort JgtK = 0x05 | 0x20;               // BPF_JMP | BPF_JGT | BPF_K
    public const ushort JgeK = 0x05 | 0x30;               // BPF_JMP | BPF_JGE | BPF_K
    public const ushort JsetK = 0x05 | 0x40;              // BPF_JMP | BPF_JSET | BPF_K
    public const ushort RetK = 0x06;                      // BPF_RET | BPF_K

    public ushort Code { get; } = code;
    public byte JumpTrue { get; } = jumpTrue;
    public byte JumpFalse { get; } = jumpFalse;
    public uint K { get; } = k;

    public static SockFilter Statement(ushort code, uint k) => new(code, 0, 0, k);

    public static SockFilter Jump(ushort code, uint k, byte jumpTrue, byte jumpFalse) => new(code, jumpTrue, jumpFalse, k);
}

/// <summary>struct sock_fprog: the program handed to setsockopt(SO_ATTACH_FILTER).</summary>
internal unsafe struct SockFprog
{
    public ushort Length;
    public SockFilter* Filter;
}
