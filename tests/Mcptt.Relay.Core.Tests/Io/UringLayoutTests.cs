using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Io.Uring;

namespace Mcptt.Relay.Core.Tests.Io;

/// <summary>The io_uring structs must match &lt;linux/io_uring.h&gt; byte for byte (the kernel reads and writes them in shared memory).</summary>
public sealed unsafe class UringLayoutTests
{
    [Fact]
    public void SetupStructs_MatchTheKernelAbi()
    {
        Assert.Equal(120, sizeof(UringParams));
        Assert.Equal(UringParams.Size, sizeof(UringParams));
        Assert.Equal(20, (int)Marshal.OffsetOf<UringParams>(nameof(UringParams.Features)));
        Assert.Equal(40, (int)Marshal.OffsetOf<UringParams>(nameof(UringParams.SqOffsets)));
        Assert.Equal(80, (int)Marshal.OffsetOf<UringParams>(nameof(UringParams.CqOffsets)));
        Assert.Equal(40, sizeof(SqRingOffsets));
        Assert.Equal(24, (int)Marshal.OffsetOf<SqRingOffsets>(nameof(SqRingOffsets.Array)));
        Assert.Equal(32, (int)Marshal.OffsetOf<SqRingOffsets>(nameof(SqRingOffsets.UserAddress)));
        Assert.Equal(40, sizeof(CqRingOffsets));
        Assert.Equal(20, (int)Marshal.OffsetOf<CqRingOffsets>(nameof(CqRingOffsets.Cqes)));
        Assert.Equal(32, (int)Marshal.OffsetOf<CqRingOffsets>(nameof(CqRingOffsets.UserAddress)));
    }

    [Fact]
    public void QueueEntries_MatchTheKernelAbi()
    {
        Assert.Equal(64, sizeof(UringSqe));
        Assert.Equal(2, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.IoPriority)));
        Assert.Equal(4, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.Fd)));
        Assert.Equal(16, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.Address)));
        Assert.Equal(24, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.Length)));
        Assert.Equal(28, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.OpFlags)));
        Assert.Equal(32, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.UserData)));
        Assert.Equal(40, (int)Marshal.OffsetOf<UringSqe>(nameof(UringSqe.BufferGroup)));
        Assert.Equal(16, sizeof(UringCqe));
        Assert.Equal(8, (int)Marshal.OffsetOf<UringCqe>(nameof(UringCqe.Result)));
        Assert.Equal(12, (int)Marshal.OffsetOf<UringCqe>(nameof(UringCqe.Flags)));
    }

    [Fact]
    public void BufferRingAndRecvMsgStructs_MatchTheKernelAbi()
    {
        Assert.Equal(40, sizeof(UringBufReg));
        Assert.Equal(8, (int)Marshal.OffsetOf<UringBufReg>(nameof(UringBufReg.RingEntries)));
        Assert.Equal(12, (int)Marshal.OffsetOf<UringBufReg>(nameof(UringBufReg.GroupId)));
        Assert.Equal(16, sizeof(UringBuf));
        Assert.Equal(12, (int)Marshal.OffsetOf<UringBuf>(nameof(UringBuf.BufferId)));
        Assert.Equal(UringBuf.TailOffset, (int)Marshal.OffsetOf<UringBuf>(nameof(UringBuf.Reserved))); // the ring tail aliases it
        Assert.Equal(16, sizeof(UringRecvMsgOut));
        Assert.Equal(8, (int)Marshal.OffsetOf<UringRecvMsgOut>(nameof(UringRecvMsgOut.PayloadLength)));
        Assert.Equal(24, sizeof(UringGetEventsArg));
        Assert.Equal(16, (int)Marshal.OffsetOf<UringGetEventsArg>(nameof(UringGetEventsArg.Timespec)));
        Assert.Equal(16, sizeof(KernelTimespec));
    }
}
