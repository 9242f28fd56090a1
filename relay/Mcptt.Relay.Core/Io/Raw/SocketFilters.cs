using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>
/// The classic BPF programs of the raw engine and the setsockopt that attaches them.
/// A raw IPPROTO_UDP socket sees every UDP datagram the host receives (from the IPv4 header on),
/// so each worker's socket keeps, in the kernel, only what is addressed to it.
/// </summary>
internal static unsafe class SocketFilters
{
    private const byte Accept = 0xFF; // jump-label placeholders resolved by Build
    private const byte Reject = 0xFE;

    /// <summary>
    /// Accepts an IPv4 datagram when: not a fragment (the kernel reassembles before raw delivery;
    /// this guards the assumption), destination address == <paramref name="mediaAddress"/>, UDP
    /// destination port (found past any IP options) in [firstPort, lastPort] and
    /// ((port - firstPort) / 2) % workers == worker (a port pair always goes to one worker).
    /// Datagrams with IP options are accepted so the worker can count them (it only handles
    /// 20-byte headers, which put the payload at the start of a slab slot).
    /// </summary>
    public static SockFilter[] Receive(uint mediaAddress, int firstPort, int lastPort, int workers, int worker)
    {
        SockFilter[] program =
        [
            SockFilter.Statement(SockFilter.LdAbsHalf, 6),                       // flags/fragment offset
            SockFilter.Jump(SockFilter.JsetK, 0x3FFF, Reject, 0),                // MF or an offset: a fragment
            SockFilter.Statement(SockFilter.LdAbsWord, 16),                      // destination address
            SockFilter.Jump(SockFilter.JeqK, mediaAddress, 0, Reject),
            SockFilter.Statement(SockFilter.LdxIpHeaderLength, 0),               // X = IP header length
            SockFilter.Statement(SockFilter.LdIndHalf, 2),                       // UDP destination port
            SockFilter.Jump(SockFilter.JgeK, (uint)firstPort, 0, Reject),
            SockFilter.Jump(SockFilter.JgtK, (uint)lastPort, Reject, 0),
            SockFilter.Statement(SockFilter.AluSubK, (uint)firstPort),
            SockFilter.Statement(SockFilter.AluRshK, 1),                         // pair index = slot
            SockFilter.Statement(SockFilter.AluModK, (uint)workers),
            SockFilter.Jump(SockFilter.JeqK, (uint)worker, Accept, Reject),
            SockFilter.Statement(SockFilter.RetK, 0xFFFF),                       // accept (whole datagram)
            SockFilter.Statement(SockFilter.RetK, 0),                            // reject
        ];
        return Resolve(program, program.Length - 2, program.Length - 1);
    }

    /// <summary>Drops everything: attached to the per-port UDP sockets the raw engine does not read.</summary>
    public static SockFilter[] DropAll() => [SockFilter.Statement(SockFilter.RetK, 0)];

    /// <summary>Attaches <paramref name="program"/> to <paramref name="fd"/>; 0 or the errno.</summary>
    public static int Attach(int fd, SockFilter[] program)
    {
        fixed (SockFilter* instructions = program)
        {
            var fprog = new SockFprog { Length = (ushort)program.Length, Filter = instructions };
            return Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, &fprog, (uint)sizeof(SockFprog)) == 0
                ? 0
                : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Turns the Accept/Reject placeholders into relative jump offsets.</summary>
    private static SockFilter[] Resolve(SockFilter[] program, int accept, int reject)
    {
        for (int pc = 0; pc < program.Length; pc++)
        {
            var op = program[pc];
            if ((op.Code & 0x07) != 0x05) continue; // only BPF_JMP has jump offsets
            program[pc] = SockFilter.Jump(op.Code, op.K, Target(op.JumpTrue, pc, accept, reject), Target(op.JumpFalse, pc, accept, reject));
        }
        return program;
    }

    private static byte Target(byte label, int pc, int accept, int reject) => label switch
    {
        Accept => (byte)(accept - pc - 1),
        Reject => (byte)(reject - pc - 1),
        _ => label,
    };
}
