using System.Diagnostics;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>
/// Linux worker on raw sockets (needs CAP_NET_RAW). One raw IPPROTO_UDP socket per worker
/// receives, through a kernel BPF filter, every datagram addressed to the media address and a
/// port pair this worker owns ((port - first) / 2 % workers == index), whatever leg it is for;
/// one raw IPPROTO_RAW socket sends with self-built IPv4/UDP headers from any leg's port.
/// A round is poll + 1 recvmmsg + 1 sendmmsg for up to BatchSize packets of any number of legs,
/// instead of one recvmmsg and one sendmmsg per socket (and per listener) in the batched engine.
/// The legs' UDP sockets stay bound — they hold the ports (no ICMP port unreachable, no other
/// process can take them) and carry SendFromLeg — but get a drop-all filter, so the kernel frees
/// their copy of each datagram without queuing it.
/// recvmmsg scatters each datagram into a 28-byte header scratch and the slab slot, so payloads
/// land at the start of a slot exactly as with UDP sockets.
/// </summary>
internal sealed unsafe class RawWorker : RelayWorker
{
    private const int IdleWaitMilliseconds = 50;
    private const int BatchesPerRound = 4;

    private readonly int _receiveFd;
    private readonly int _sendFd;
    private readonly bool _busyPoll;
    private readonly int _batchSize;
    private readonly PacketSlab _slab;
    private readonly byte* _headers;
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovecs;
    private readonly ReceiveBatch _batch;
    private readonly RawDatagramInspector _inspector;
    private readonly RawSender _sender;
    private int _filled;

    public RawWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline,
        Action signalDivert, int batchSize, bool busyPoll, uint mediaAddress, int firstPort, int pairCount, int workers,
        int socketBufferBytes)
        : base(index, cpu, legs, counters, pipeline, signalDivert)
    {
        _busyPoll = busyPoll;
        _batchSize = batchSize;
        _receiveFd = RawSockets.Open(Libc.IPPROTO_UDP, out int errno);
        if (_receiveFd < 0) throw new InvalidOperationException($"raw IPPROTO_UDP socket failed, errno {errno} (needs CAP_NET_RAW)");
        _sendFd = RawSockets.Open(Libc.IPPROTO_RAW, out errno);
        if (_sendFd < 0)
        {
            Libc.Close(_receiveFd);
            throw new InvalidOperationException($"raw IPPROTO_RAW socket failed, errno {errno} (needs CAP_NET_RAW)");
        }
        var filter = SocketFilters.Receive(mediaAddress, firstPort, firstPort + 2 * pairCount - 1, workers, index);
        if (SocketFilters.Attach(_receiveFd, filter) is int attachError and not 0)
        {
            Libc.Close(_receiveFd);
            Libc.Close(_sendFd);
            throw new InvalidOperationException($"SO_ATTACH_FILTER on the raw socket failed, errno {attachError}");
        }
        RawSockets.DiscardQueued(_receiveFd);
        RawSockets.SetBuffer(_receiveFd, receive: true, Math.Max(socketBufferBytes, RawSockets.MinimumReceiveBufferBytes));
        RawSockets.SetBuffer(_sendFd, receive: false, Math.Max(socketBufferBytes, RawSockets.MinimumSendBufferBytes));

        _slab = new PacketSlab(batchSize);
        _batch = new ReceiveBatch(_slab);
        _inspector = new RawDatagramInspector(legs, counters, _batch, mediaAddress, firstPort);
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)batchSize * UdpIpHeader.Size);
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)batchSize, (nuint)sizeof(MMsgHdr));
        _iovecs = (IoVec*)NativeMemory.AllocZeroed((nuint)batchSize * 2, (nuint)sizeof(IoVec));
        for (int i = 0; i < batchSize; i++)
        {
            _iovecs[2 * i].Base = _headers + i * UdpIpHeader.Size;
            _iovecs[2 * i].Length = UdpIpHeader.Size;
            _iovecs[2 * i + 1].Base = _slab[i];
            _iovecs[2 * i + 1].Length = PacketSlab.SlotSize;
            _messages[i].Header.Iov = &_iovecs[2 * i];
            _messages[i].Header.IovLength = 2;
        }
        _sender = new RawSender(counters, _sendFd, mediaAddress, _batch, Math.Max(256, batchSize * 8));
    }

    /// <summary>The leg's datagrams now come through the raw socket: its UDP sockets keep the ports but drop everything.</summary>
    public override void Add(RelayLeg leg) => RawSockets.Silence(leg);

    /// <summary>Nothing to unregister: the engine clears the leg's table slot before the quiescence wait.</summary>
    public override void Remove(RelayLeg leg)
    {
    }

    protected override void Loop()
    {
        var poll = new PollFd { Fd = _receiveFd, Events = Libc.POLLIN };
        int timeout = _busyPoll ? 0 : IdleWaitMilliseconds;
        while (Running)
        {
            poll.ReturnedEvents = 0;
            int ready = Libc.Poll(&poll, 1, timeout);
            if (ready <= 0) continue; // timeout, EINTR
            Counters.Increment(WorkerCounters.PollCalls);

            BeginRound();
            for (int round = 0; round < BatchesPerRound; round++)
                if (ReceiveAndForward() < _batchSize) break;
            EndRound();
        }
    }

    /// <summary>One recvmmsg, the pipeline over each run of consecutive same-port datagrams, one flush.</summary>
    private int ReceiveAndForward()
    {
        for (int i = 0; i < _filled; i++) _messages[i].Header.Flags = 0;
        _filled = 0;
        int received = Libc.RecvMMsg(_receiveFd, _messages, (uint)_batchSize, Libc.MSG_DONTWAIT, null);
        Counters.Increment(WorkerCounters.ReceiveCalls);
        if (received <= 0) return 0; // EAGAIN
        _filled = received;
        _batch.Count = received;
        _batch.ArrivalTicks = Stopwatch.GetTimestamp();
        for (int i = 0; i < received; i++)
        {
            ref var message = ref _messages[i];
            _inspector.Inspect(i, _headers + i * UdpIpHeader.Size, (int)message.Length,
                truncated: (message.Header.Flags & Libc.MSG_TRUNC) != 0, checksumVerified: false);
        }
        _inspector.Forward(received, Pipeline, _sender);
        _sender.Flush();
        return received;
    }

    protected override void ReleaseResources()
    {
        Libc.Close(_receiveFd);
        Libc.Close(_sendFd);
        NativeMemory.Free(_headers);
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iovecs);
        _sender.Dispose();
        _slab.Dispose();
    }
}
