using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// Emits each datagram as an IORING_OP_SENDMSG SQE on the destination leg's socket, pointing at a
/// msghdr/iovec entry of this sender's table (head in the header arena, tail in the receive slab).
/// Nothing is sent by <see cref="Flush"/>: the SQEs wait for the worker's one io_uring_enter per
/// round, which submits them together with the wait for the next receives.
/// MSG_DONTWAIT makes a full socket buffer complete at once with -EAGAIN (counted as a send error,
/// as BatchedSender does) instead of parking the request while its memory is reused; UDP sends
/// therefore complete during the submitting io_uring_enter. The worker still checks that every
/// send has completed (<see cref="InFlight"/>) before the table, arena or slabs are reused.
/// </summary>
internal sealed unsafe class UringSender : PacketSender, IDisposable
{
    private const int ArenaBytes = 256 * 1024;

    private readonly Func<nint> _nextSqe;
    private readonly Action _settle;
    private readonly OutgoingBatch _out;
    private int _fd = -1;
    private int _slot;
    private bool _rtcp;

    /// <param name="nextSqe">The worker's SQE source (submits when the queue is full).</param>
    /// <param name="settle">The worker's wait until every queued send has completed, after which this sender is <see cref="Reset"/>.</param>
    public UringSender(WorkerCounters counters, int capacity, Func<nint> nextSqe, Action settle) : base(counters)
    {
        _nextSqe = nextSqe;
        _settle = settle;
        _out = new OutgoingBatch(capacity, ArenaBytes);
    }

    /// <summary>Send SQEs queued whose CQE the worker has not reaped yet.</summary>
    public int InFlight { get; set; }

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        if (_out.IsFull || _out.Arena.Available < headerLength) _settle();
        _fd = rtcp ? destination.RtcpFd : destination.RtpFd;
        _slot = destination.Slot;
        _rtcp = rtcp;
        return _out.Arena.Peek;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        int length = headerLength + tailLength;
        // The batch's own per-message counting is for sendmmsg; here the CQE's user data carries it.
        _out.Add(remote, _out.Arena.Peek, headerLength, tail, tailLength, _slot, _rtcp, length);
        _out.Arena.Commit(headerLength);

        var sqe = (UringSqe*)_nextSqe();
        sqe->Opcode = UringAbi.OpSendMsg;
        sqe->Fd = _fd;
        sqe->Address = (ulong)_out.Message(_out.Count - 1);
        sqe->Length = 1;
        sqe->OpFlags = Libc.MSG_DONTWAIT;
        sqe->UserData = UringUserData.ForSend(_slot, _rtcp, length);
        InFlight++;
    }

    /// <summary>Nothing to do: the SQEs go out with the worker's next io_uring_enter.</summary>
    public override void Flush()
    {
    }

    /// <summary>Only once no queued send can still reference the table or arena.</summary>
    public void Reset() => _out.Clear();

    public void Dispose() => _out.Dispose();
}
