using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Collects outgoing datagrams into mmsghdr runs and sends each run that leaves through the same
/// socket with one sendmmsg(2). The pipeline emits destination-major, so a receive batch of 32
/// packets toward one listener is one syscall; a fan-out to N listeners is N syscalls per receive
/// batch (sendmmsg sends on one fd, and every listener must get media from its own leg's port).
/// Each message has up to two iovecs: a header in the arena (rewritten RTP header / RTCP copy)
/// and the untouched tail in the receive slab.
/// </summary>
internal sealed unsafe class BatchedSender : PacketSender, IDisposable
{
    private const int ArenaBytes = 64 * 1024;

    private readonly OutgoingBatch _out;
    private int _fd = -1;
    private int _pendingSlot;
    private bool _pendingRtcp;

    public BatchedSender(WorkerCounters counters, int capacity) : base(counters) =>
        _out = new OutgoingBatch(capacity, ArenaBytes);

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        int fd = rtcp ? destination.RtcpFd : destination.RtpFd;
        if (_out.Count > 0 && (fd != _fd || _out.IsFull || _out.Arena.Available < headerLength)) Flush();
        _fd = fd;
        _pendingSlot = destination.Slot;
        _pendingRtcp = rtcp;
        return _out.Arena.Peek;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        _out.Add(remote, _out.Arena.Peek, headerLength, tail, tailLength, _pendingSlot, _pendingRtcp, headerLength + tailLength);
        _out.Arena.Commit(headerLength);
    }

    public override void Flush() => _out.Send(_fd, Counters);

    public void Dispose() => _out.Dispose();
}
