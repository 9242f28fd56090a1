using System.Runtime.InteropServices;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Tests;

/// <summary>The interop structs must match the x86-64/arm64 Linux C layouts the kernel reads and writes.</summary>
public unsafe class NativeLayoutTests
{
    [Fact]
    public void Msghdr_matches_the_64_bit_linux_layout()
    {
        Assert.Equal(16, sizeof(LinuxUdp.IoVec));
        Assert.Equal(56, sizeof(LinuxUdp.MsgHdr));
        Assert.Equal(64, sizeof(LinuxUdp.MMsgHdr));
        Assert.Equal(32, (int)Marshal.OffsetOf<LinuxUdp.MsgHdr>(nameof(LinuxUdp.MsgHdr.Control)));
        Assert.Equal(40, (int)Marshal.OffsetOf<LinuxUdp.MsgHdr>(nameof(LinuxUdp.MsgHdr.ControlLength)));
        Assert.Equal(48, (int)Marshal.OffsetOf<LinuxUdp.MsgHdr>(nameof(LinuxUdp.MsgHdr.Flags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<LinuxUdp.MMsgHdr>(nameof(LinuxUdp.MMsgHdr.Length)));
    }

    [Fact]
    public void Cmsghdr_and_timespec_match_the_64_bit_linux_layout()
    {
        Assert.Equal(16, sizeof(ControlMessages.CmsgHdr));
        Assert.Equal(8, (int)Marshal.OffsetOf<ControlMessages.CmsgHdr>(nameof(ControlMessages.CmsgHdr.Level)));
        Assert.Equal(12, (int)Marshal.OffsetOf<ControlMessages.CmsgHdr>(nameof(ControlMessages.CmsgHdr.Type)));
        Assert.Equal(16, sizeof(KernelClock.TimeSpec));
        // CMSG_SPACE(sizeof(struct timespec)) and CMSG_SPACE(1) on 64-bit Linux.
        Assert.Equal(32, ControlMessages.Space(16));
        Assert.Equal(24, ControlMessages.Space(1));
    }
}
