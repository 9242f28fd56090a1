using System.Diagnostics;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Linux worker: its own epoll set over the non-blocking sockets it owns, recvmmsg(2) of up to
/// BatchSize datagrams per call into its native slab, sendmmsg(2) out. epoll is level-triggered:
/// a busy socket gets a bounded number of batches per round, so one flooded port cannot starve the
/// others; what is left is reported again by the next epoll_wait.
/// epoll_event.data carries (leg id, slot, rtcp?) so no dictionary lookup is needed per event.
/// </summary>
internal sealed unsafe class BatchedWorker : RelayWorker
{
    private const int MaxEvents = 64;
    private const int BatchesPerSocketPerRound = 4;
    private const int IdleWaitMilliseconds = 50;

    private readonly int _epoll;
    private readonly bool _busyPoll;
    private readonly int _batchSize;
    private readonly byte* _events;
    private readonly PacketSlab _slab;
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovecs;
    private readonly SockAddrIn* _addresses;
    private readonly ReceiveBatch _batch;
    private readonly BatchedSender _sender;
    private int _filled;

    public BatchedWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline,
        Action signalDivert, int batchSize, bool busyPoll)
        : base(index, cpu, legs, counters, pipeline, signalDivert)
    {
        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0) throw new InvalidOperationException($"epoll_create1 failed, errno {Marshal.GetLastPInvokeError()}");
        _busyPoll = busyPoll;
        _batchSize = batchSize;
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * EpollEvent.Size));
        _slab = new PacketSlab(batchSize);
        _batch = new ReceiveBatch(_slab);
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)batchSize, (nuint)sizeof(MMsgHdr));
        _iovecs = (IoVec*)NativeMemory.AllocZeroed((nuint)batchSize, (nuint)sizeof(IoVec));
        _addresses = (SockAddrIn*)NativeMemory.AllocZeroed((nuint)batchSize, (nuint)sizeof(SockAddrIn));
        for (int i = 0; i < batchSize; i++)
        {
            _iovecs[i].Base = _slab[i];
            _iovecs[i].Length = PacketSlab.SlotSize;
            _messages[i].Header.Name = &_addresses[i];
            _messages[i].Header.NameLength = SockAddrIn.Size;
            _messages[i].Header.Iov = &_iovecs[i];
            _messages[i].Header.IovLength = 1;
        }
        _sender = new BatchedSender(counters, Math.Max(64, batchSize * 4));
    }

    public override void Add(RelayLeg leg)
    {
        Register(leg.RtpFd, EventData(leg, rtcp: false));
        if (!leg.SinglePort) Register(leg.RtcpFd, EventData(leg, rtcp: true));
    }

    public override void Remove(RelayLeg leg)
    {
        Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_DEL, leg.RtpFd, null);
        if (!leg.SinglePort) Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_DEL, leg.RtcpFd, null);
    }

    protected override void Loop()
    {
        int timeout = _busyPoll ? 0 : IdleWaitMilliseconds;
        while (Running)
        {
            int ready = Libc.EpollWait(_epoll, _events, MaxEvents, timeout);
            if (ready <= 0) continue; // timeout, EINTR

            BeginRound();
            Counters.Increment(WorkerCounters.PollCalls);
            for (int e = 0; e < ready; e++)
            {
                ulong data = EpollEvent.ReadData(_events, e);
                var leg = Legs.Get((int)((uint)data >> 1), (int)(data >> 32));
                if (leg is null) continue; // freed since epoll_wait returned
                bool rtcp = (data & 1) != 0;
                DrainSocket(leg, rtcp ? leg.RtcpFd : leg.RtpFd, rtcp);
            }
            EndRound();
        }
    }

    private void DrainSocket(RelayLeg leg, int fd, bool rtcp)
    {
        for (int round = 0; round < BatchesPerSocketPerRound; round++)
        {
            // The kernel only rewrote the headers of the messages it filled last time.
            for (int i = 0; i < _filled; i++)
            {
                _messages[i].Header.NameLength = SockAddrIn.Size;
                _messages[i].Header.Flags = 0;
            }
            _filled = 0;
            int received = Libc.RecvMMsg(fd, _messages, (uint)_batchSize, Libc.MSG_DONTWAIT, null);
            Counters.Increment(WorkerCounters.ReceiveCalls);
            if (received <= 0) return; // EAGAIN: drained
            _filled = received;

            for (int i = 0; i < received; i++)
            {
                ref var message = ref _messages[i];
                _batch.Lengths[i] = (message.Header.Flags & Libc.MSG_TRUNC) != 0 ? ReceiveBatch.Truncated : (int)message.Length;
                _batch.Sources[i] = _addresses[i].Family == SockAddrIn.AfInet
                    ? PackedEndpoint.FromSockAddrIn(new ReadOnlySpan<byte>(&_addresses[i], SockAddrIn.Size))
                    : PackedEndpoint.Unknown;
            }
            _batch.Count = received;
            _batch.ArrivalTicks = Stopwatch.GetTimestamp();
            Pipeline.Process(leg, rtcp, _batch, _sender);
            if (received < _batchSize) return;
        }
    }

    private void Register(int fd, ulong data)
    {
        byte* ev = stackalloc byte[16];
        EpollEvent.Write(ev, Libc.EPOLLIN, data);
        if (Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, fd, ev) != 0)
            throw new InvalidOperationException($"epoll_ctl(ADD, {fd}) failed, errno {Marshal.GetLastPInvokeError()}");
    }

    private static ulong EventData(RelayLeg leg, bool rtcp) =>
        ((ulong)(uint)leg.Id << 32) | ((ulong)(uint)leg.Slot << 1) | (rtcp ? 1UL : 0UL);

    protected override void ReleaseResources()
    {
        Libc.Close(_epoll);
        NativeMemory.Free(_events);
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_addresses);
        _sender.Dispose();
        _slab.Dispose();
    }
}
