using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Tests.Io;

/// <summary>The P/Invoke structs must match the Linux LP64 C layouts byte for byte.</summary>
public sealed unsafe class NativeLayoutTests
{
    [Fact]
    public void Structs_MatchTheKernelAbi()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8) return;
        Assert.Equal(16, sizeof(IoVec));
        Assert.Equal(56, sizeof(MsgHdr));
        Assert.Equal(64, sizeof(MMsgHdr));
        Assert.Equal(16, sizeof(SockAddrIn));
        Assert.Equal(48, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Flags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<MMsgHdr>(nameof(MMsgHdr.Length)));
        Assert.Equal(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16, EpollEvent.Size);
        Assert.Equal(8, sizeof(PollFd));
        Assert.Equal(8, sizeof(SockFilter));
        Assert.Equal(16, sizeof(SockFprog));
        Assert.Equal(8, (int)Marshal.OffsetOf<SockFprog>(nameof(SockFprog.Filter)));
    }

    [Fact]
    public void ReceiveFilter_JumpsLandInsideTheProgram_AndEndInAcceptAndReject()
    {
        var program = Mcptt.Relay.Core.Io.Raw.SocketFilters.Receive(0x7F000001, 30000, 39999, 2, 1);
        Assert.Equal(SockFilter.RetK, program[^2].Code);
        Assert.Equal(0xFFFFu, program[^2].K);
        Assert.Equal(SockFilter.RetK, program[^1].Code);
        Assert.Equal(0u, program[^1].K);
        for (int pc = 0; pc < program.Length; pc++)
        {
            if ((program[pc].Code & 0x07) != 0x05) continue;
            Assert.InRange(pc + 1 + program[pc].JumpTrue, pc + 1, program.Length - 1);
            Assert.InRange(pc + 1 + program[pc].JumpFalse, pc + 1, program.Length - 1);
        }
    }

    [Fact]
    public void EpollEvent_RoundTripsItsData()
    {
        byte* buffer = stackalloc byte[32];
        EpollEvent.Write(buffer + EpollEvent.Size, Libc.EPOLLIN, 0x0123_4567_89AB_CDEF);
        Assert.Equal(0x0123_4567_89AB_CDEFul, EpollEvent.ReadData(buffer, 1));
        Assert.Equal(Libc.EPOLLIN, *(uint*)(buffer + EpollEvent.Size));
    }
}
