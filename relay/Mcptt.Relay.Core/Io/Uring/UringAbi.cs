namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>The io_uring constants (&lt;linux/io_uring.h&gt;) this engine uses.</summary>
internal static class UringAbi
{
    // io_uring_setup flags
    public const uint SetupCqSize = 1u << 3;
    public const uint SetupCoopTaskRun = 1u << 8;
    public const uint SetupSingleIssuer = 1u << 12;
    public const uint SetupDeferTaskRun = 1u << 13;

    // io_uring_params.features
    public const uint FeatSingleMmap = 1u << 0;
    public const uint FeatNoDrop = 1u << 1;
    public const uint FeatExtArg = 1u << 8;

    // mmap offsets
    public const long OffSqRing = 0;
    public const long OffCqRing = 0x8000000;
    public const long OffSqes = 0x10000000;

    // io_uring_enter flags
    public const uint EnterGetEvents = 1u << 0;
    public const uint EnterExtArg = 1u << 3;

    // opcodes
    public const byte OpPollAdd = 6;
    public const byte OpSendMsg = 9;
    public const byte OpRecvMsg = 10;
    public const byte OpAsyncCancel = 14;

    // sqe.flags
    public const byte SqeBufferSelect = 1 << 5;

    // sqe.ioprio for send/recv
    public const ushort RecvMultishot = 1 << 1;
    // sqe.len for POLL_ADD
    public const uint PollAddMulti = 1;
    // sqe.cancel_flags
    public const uint CancelAll = 1u << 0;
    public const uint CancelFd = 1u << 1;
    public const uint CancelAny = 1u << 2;

    // cqe.flags
    public const uint CqeBuffer = 1u << 0;
    public const uint CqeMore = 1u << 1;
    public const int CqeBufferShift = 16;

    // io_uring_register opcodes
    public const uint RegisterProbe = 8;
    public const uint RegisterPbufRing = 22;
    public const uint UnregisterPbufRing = 23;

    // io_uring_probe_op.flags
    public const ushort OpSupported = 1;
}
