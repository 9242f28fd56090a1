using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Uring;

/// <summary>
/// Linux worker on io_uring: one multishot recvmsg per socket it owns, all picking buffers from the
/// worker's provided-buffer ring, and sends queued as SENDMSG SQEs. One io_uring_enter per round
/// submits every send (and re-arm) and waits for the next receive completions, however many
/// sockets are busy: where the Batched engine pays an epoll_wait, a recvmmsg per ready socket and
/// a sendmmsg per destination, this pays one kernel crossing.
/// Each received datagram is copied (one short memcpy) from its provided buffer into a receive
/// slab, and the buffer goes straight back to the kernel; consecutive completions of one socket
/// form one ReceiveBatch for the pipeline. The slabs, the sender's table and its arena stay
/// referenced by queued sends until the next io_uring_enter, so they are only reused once every
/// send has completed (<see cref="SettleSends"/>).
/// The ring is SINGLE_ISSUER: only the worker thread touches it. Add/Remove come from the control
/// plane, so they are queued and the worker is woken through an eventfd it polls on the ring.
/// </summary>
internal sealed unsafe class UringWorker : RelayWorker
{
    private const uint SqEntries = 2048;
    private const uint CqEntries = 8192;
    private const int Buffers = 1024;
    private const ushort BufferGroup = 0;
    private const int NameBytes = 16; // sockaddr_in; the slot the kernel reserves after io_uring_recvmsg_out
    private const int BufferBytes = UringRecvMsgOut.Size + NameBytes + PacketSlab.SlotSize;
    private const int Batches = 64;
    private const int SlotsPerBatch = 16;
    private const int MaxCompletionsPerRound = 2 * Buffers;
    private const int SenderCapacity = 1024;
    /// <summary>Unreaped send CQEs after which a round stops taking receives: with the receive CQEs (at most
    /// one per provided buffer) they must fit the CQ, or settling would wait on CQEs parked in the overflow list.</summary>
    private const int SendBudget = (int)CqEntries / 2;
    private const int IdleWaitMilliseconds = 50;
    private const int RemoveTimeoutMilliseconds = 2000;

    private readonly bool _busyPoll;
    private readonly int _eventFd;
    private readonly ConcurrentQueue<Command> _commands = new();
    private readonly PacketSlab[] _slabs;
    private readonly ReceiveBatch[] _batches;
    private readonly UringSender _sender;
    private readonly MsgHdr* _receiveHeader;
    private readonly KernelTimespec* _timeout;
    private readonly ulong* _eventValue;
    private UringRing? _ring;
    private ProvidedBufferRing? _buffers;
    private long _cancelsRequested;
    private long _cancelsSeen;
    private long _cancelsSeenBeforeEnter;
    private long _cancelsAcknowledged;
    private volatile bool _loopEnded;

    public UringWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline,
        Action signalDivert, int batchSize, bool busyPoll)
        : base(index, cpu, legs, counters, pipeline, signalDivert)
    {
        _busyPoll = busyPoll;
        _eventFd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_eventFd < 0) throw new InvalidOperationException($"eventfd failed, errno {Marshal.GetLastPInvokeError()}");
        int slots = Math.Min(batchSize, SlotsPerBatch);
        _slabs = new PacketSlab[Batches];
        _batches = new ReceiveBatch[Batches];
        for (int i = 0; i < Batches; i++)
        {
            _slabs[i] = new PacketSlab(slots);
            _batches[i] = new ReceiveBatch(_slabs[i]);
        }
        _receiveHeader = (MsgHdr*)NativeMemory.AllocZeroed((nuint)sizeof(MsgHdr));
        _receiveHeader->NameLength = NameBytes; // source address only; no control data, buffers come from the ring
        _timeout = (KernelTimespec*)NativeMemory.AllocZeroed((nuint)sizeof(KernelTimespec));
        _timeout->Nanoseconds = busyPoll ? 0 : IdleWaitMilliseconds * 1_000_000L;
        _eventValue = (ulong*)NativeMemory.AllocZeroed(sizeof(ulong));
        _sender = new UringSender(counters, SenderCapacity, NextSqeForSender, SettleSends);
    }

    public override void Add(RelayLeg leg)
    {
        _commands.Enqueue(new Command(leg, rtcp: false, cancelFd: -1));
        if (!leg.SinglePort) _commands.Enqueue(new Command(leg, rtcp: true, cancelFd: -1));
        Wake();
    }

    /// <summary>
    /// Cancels the multishot receives on the leg's sockets and waits (bounded) until the worker
    /// has seen them end: an io_uring request holds its own reference to the socket, so without
    /// this the port would stay bound after the control plane closes the descriptor.
    /// </summary>
    public override void Remove(RelayLeg leg)
    {
        int sockets = leg.SinglePort ? 1 : 2;
        long target = Interlocked.Add(ref _cancelsRequested, sockets);
        _commands.Enqueue(new Command(null, rtcp: false, cancelFd: leg.RtpFd));
        if (!leg.SinglePort) _commands.Enqueue(new Command(null, rtcp: true, cancelFd: leg.RtcpFd));
        Wake();
        long deadline = Environment.TickCount64 + RemoveTimeoutMilliseconds;
        var spin = new SpinWait();
        while (Volatile.Read(ref _cancelsAcknowledged) < target && !_loopEnded && Environment.TickCount64 < deadline)
            spin.SpinOnce(sleep1Threshold: -1);
    }

    protected override void Loop()
    {
        try
        {
            // Created here: a SINGLE_ISSUER ring belongs to the thread that set it up.
            _ring = UringRing.TryCreate(SqEntries, CqEntries, out int errno)
                ?? throw new InvalidOperationException($"io_uring_setup failed, errno {errno}");
            _buffers = ProvidedBufferRing.TryCreate(_ring, BufferGroup, Buffers, BufferBytes, out errno)
                ?? throw new InvalidOperationException($"IORING_REGISTER_PBUF_RING failed, errno {errno}");
            ArmWake();
            while (Running)
            {
                _ring.Enter(1, _timeout); // -ETIME, -EINTR, -EBUSY: reap what there is and go round again
                Counters.Increment(WorkerCounters.PollCalls);
                BeginRound();
                Volatile.Write(ref _cancelsAcknowledged, _cancelsSeenBeforeEnter);
                SettleSends();
                RunCommands();
                Reap();
                EndRound();
                _cancelsSeenBeforeEnter = _cancelsSeen;
            }
            CancelEverything();
        }
        finally
        {
            _loopEnded = true;
        }
    }

    private void Reap()
    {
        var ring = _ring!;
        uint head = ring.CqHead;
        uint tail = ring.CqTail;
        int batchIndex = 0;
        ReceiveBatch batch = _batches[0];
        batch.Count = 0;
        ulong batchKey = ulong.MaxValue;
        RelayLeg? batchLeg = null;
        for (int handled = 0; handled < MaxCompletionsPerRound; handled++)
        {
            if (head == tail)
            {
                tail = ring.CqTail;
                if (head == tail) break;
            }
            UringCqe* cqe = ring.CqeAt(head);
            ulong data = cqe->UserData;
            switch (UringUserData.Kind(data))
            {
                case UringUserData.Send:
                    _sender.InFlight--;
                    if (cqe->Result < 0) Counters.Drop(DropReason.SendError);
                    else Counters.CountOut(UringUserData.SendSlot(data), UringUserData.IsRtcp(data), UringUserData.SendLength(data));
                    break;
                case UringUserData.Wake:
                    Libc.Read(_eventFd, _eventValue, sizeof(ulong));
                    if ((cqe->Flags & UringAbi.CqeMore) == 0) ArmWake();
                    break;
                case UringUserData.Cancel:
                    _cancelsSeen++;
                    break;
                default:
                    if (data != batchKey || batch.Count == batch.Capacity)
                    {
                        if (batch.Count > 0)
                        {
                            ProcessBatch(batchLeg!, batchKey, batch);
                            // Slabs used up or a fan-out's sends are filling the CQ: the rest waits for the next round.
                            if (++batchIndex == Batches || _sender.InFlight >= SendBudget) return;
                            batch = _batches[batchIndex];
                            batch.Count = 0;
                        }
                        batchKey = data;
                        batchLeg = Legs.Get(UringUserData.ReceiveSlot(data), UringUserData.LegId(data));
                    }
                    Receive(cqe, batchLeg, data, batch);
                    break;
            }
            head++;
            ring.ReleaseCq(head); // before the pipeline runs: a settle scans from the kernel-visible head
        }
        if (batch.Count > 0) ProcessBatch(batchLeg!, batchKey, batch);
    }

    private void Receive(UringCqe* cqe, RelayLeg? leg, ulong data, ReceiveBatch batch)
    {
        uint flags = cqe->Flags;
        if ((flags & UringAbi.CqeBuffer) != 0)
        {
            int id = (int)(flags >> UringAbi.CqeBufferShift);
            byte* buffer = _buffers!.Buffer(id);
            if (leg is not null && cqe->Result >= UringRecvMsgOut.Size + NameBytes)
            {
                var header = (UringRecvMsgOut*)buffer;
                int i = batch.Count++;
                uint payload = header->PayloadLength;
                if ((header->Flags & Libc.MSG_TRUNC) != 0 || payload > PacketSlab.SlotSize)
                {
                    batch.Lengths[i] = ReceiveBatch.Truncated;
                }
                else
                {
                    Buffer.MemoryCopy(buffer + UringRecvMsgOut.Size + NameBytes, batch.Slab[i], PacketSlab.SlotSize, payload);
                    batch.Lengths[i] = (int)payload;
                }
                byte* name = buffer + UringRecvMsgOut.Size;
                batch.Sources[i] = header->NameLength >= SockAddrIn.Size && ((SockAddrIn*)name)->Family == SockAddrIn.AfInet
                    ? PackedEndpoint.FromSockAddrIn(new ReadOnlySpan<byte>(name, SockAddrIn.Size))
                    : PackedEndpoint.Unknown;
            }
            _buffers.Recycle(id);
        }
        if ((flags & UringAbi.CqeMore) == 0)
        {
            // The multishot ended: -ENOBUFS when datagrams outran the buffer ring (they wait in the
            // socket buffer, nothing is lost yet), or cancelled for a freed leg. Live legs re-arm.
            if (leg is not null && cqe->Result != -Libc.ECANCELED) ArmReceive(leg, UringUserData.IsRtcp(data), data);
        }
    }

    private void ProcessBatch(RelayLeg leg, ulong key, ReceiveBatch batch)
    {
        batch.ArrivalTicks = Stopwatch.GetTimestamp();
        Pipeline.Process(leg, UringUserData.IsRtcp(key), batch, _sender);
    }

    private void RunCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            if (command.Leg is { } leg)
            {
                // Only if still live: a leg freed before its arm ran must not get a request (it would hold the socket).
                if (Legs.Get(leg.Slot, leg.Id) is not null) ArmReceive(leg, command.Rtcp, UringUserData.ForReceive(leg, command.Rtcp));
                continue;
            }
            UringSqe* sqe = NextSqe();
            sqe->Opcode = UringAbi.OpAsyncCancel;
            sqe->Fd = command.CancelFd;
            sqe->OpFlags = UringAbi.CancelFd | UringAbi.CancelAll;
            sqe->UserData = UringUserData.Cancel;
        }
    }

    private void ArmReceive(RelayLeg leg, bool rtcp, ulong data)
    {
        UringSqe* sqe = NextSqe();
        sqe->Opcode = UringAbi.OpRecvMsg;
        sqe->Fd = rtcp ? leg.RtcpFd : leg.RtpFd;
        sqe->Address = (ulong)_receiveHeader;
        sqe->Length = 1;
        sqe->IoPriority = UringAbi.RecvMultishot;
        sqe->Flags = UringAbi.SqeBufferSelect;
        sqe->BufferGroup = BufferGroup;
        sqe->UserData = data;
    }

    private void ArmWake()
    {
        UringSqe* sqe = NextSqe();
        sqe->Opcode = UringAbi.OpPollAdd;
        sqe->Fd = _eventFd;
        sqe->Length = UringAbi.PollAddMulti;
        sqe->OpFlags = (uint)Libc.POLLIN;
        sqe->UserData = UringUserData.Wake;
    }

    private UringSqe* NextSqe()
    {
        UringSqe* sqe = _ring!.NextSqe();
        if (sqe != null) return sqe;
        _ring.Enter(0, null); // queue full: submit what is there (sends complete inline) and take a fresh one
        sqe = _ring.NextSqe();
        return sqe != null ? sqe : throw new InvalidOperationException("io_uring submission queue stays full");
    }

    private nint NextSqeForSender() => (nint)NextSqe();

    /// <summary>
    /// Submits what is queued and returns once every send SQE has completed, so the sender's table
    /// and arena and the receive slabs may be reused. UDP sends with MSG_DONTWAIT complete during
    /// submission, so this normally finds their CQEs already posted and does not wait.
    /// </summary>
    private void SettleSends()
    {
        if (_sender.InFlight > 0)
        {
            var ring = _ring!;
            if (ring.Pending > 0) ring.Enter(0, null);
            // A full CQ means the kernel parked further CQEs in its overflow list: those requests have completed too.
            for (int attempt = 0; attempt < 100 && ring.CqTail - ring.CqHead < CqEntries && PostedSendCompletions(ring) < _sender.InFlight; attempt++)
                ring.Enter(ring.CqTail - ring.CqHead + 1, _timeout);
        }
        _sender.Reset();
    }

    private static int PostedSendCompletions(UringRing ring)
    {
        int sends = 0;
        uint tail = ring.CqTail;
        for (uint i = ring.CqHead; i != tail; i++)
            if (UringUserData.Kind(ring.CqeAt(i)->UserData) == UringUserData.Send) sends++;
        return sends;
    }

    private void Wake()
    {
        ulong one = 1;
        Libc.Write(_eventFd, &one, sizeof(ulong));
    }

    /// <summary>Ends every request before the buffers and slabs are freed.</summary>
    private void CancelEverything()
    {
        var ring = _ring!;
        UringSqe* sqe = NextSqe();
        sqe->Opcode = UringAbi.OpAsyncCancel;
        sqe->OpFlags = UringAbi.CancelAny | UringAbi.CancelAll;
        sqe->UserData = UringUserData.Cancel;
        var shortWait = new KernelTimespec { Nanoseconds = 10_000_000 };
        ring.Enter(1, &shortWait);
        ring.Enter(CqEntries, &shortWait); // runs the task work that completes the cancelled requests
        ring.ReleaseCq(ring.CqTail);
    }

    protected override void ReleaseResources()
    {
        _ring?.Dispose();
        _buffers?.Dispose();
        Libc.Close(_eventFd);
        _sender.Dispose();
        foreach (var slab in _slabs) slab.Dispose();
        NativeMemory.Free(_receiveHeader);
        NativeMemory.Free(_timeout);
        NativeMemory.Free(_eventValue);
    }

    private readonly struct Command(RelayLeg? leg, bool rtcp, int cancelFd)
    {
        /// <summary>Set: arm a receive on this leg's socket. Null: cancel every request on <see cref="CancelFd"/>.</summary>
        public RelayLeg? Leg { get; } = leg;
        public bool Rtcp { get; } = rtcp;
        public int CancelFd { get; } = cancelFd;
    }
}
