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
    private static readonly SockFilter[] DropAll = SocketFilters.DropAll();

    private readonly int _receiveFd;
    private readonly int _sendFd;
    private readonly bool _busyPoll;
    private readonly int _batchSize;
    private readonly uint _mediaAddress;
    private readonly int _firstPort;
    private readonly PacketSlab _slab;
    private readonly byte* _headers;
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovecs;
    private readonly ReceiveBatch _batch;
    private readonly RelayLeg?[] _legs;
    private readonly bool[] _onRtcpPort;
    private readonly RawSender _sender;
    private int _filled;

    public RawWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline,
        Action signalDivert, int batchSize, bool busyPoll, uint mediaAddress, int firstPort, int pairCount, int workers,
        int socketBufferBytes)
        : base(index, cpu, legs, counters, pipeline, signalDivert)
    {
        _busyPoll = busyPoll;
        _batchSize = batchSize;
        _mediaAddress = mediaAddress;
        _firstPort = firstPort;
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
        _legs = new RelayLeg?[batchSize];
        _onRtcpPort = new bool[batchSize];
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
    public override void Add(RelayLeg leg)
    {
        Silence(leg.RtpFd);
        if (!leg.SinglePort) Silence(leg.RtcpFd);
    }

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
        for (int i = 0; i < received; i++) Inspect(i);

        int first = 0;
        while (first < received)
        {
            var leg = _legs[first];
            bool rtcp = _onRtcpPort[first];
            int end = first + 1;
            while (end < received && ReferenceEquals(_legs[end], leg) && _onRtcpPort[end] == rtcp) end++;
            if (leg is not null) Pipeline.ProcessRun(leg, rtcp, _batch, first, end - first, _sender);
            first = end;
        }
        _sender.Flush();
        Array.Clear(_legs, 0, received); // do not keep freed legs reachable
        return received;
    }

    /// <summary>Finds the datagram's leg and checks what the kernel's UDP layer would have checked for a socket.</summary>
    private void Inspect(int i)
    {
        _legs[i] = null;
        ref var message = ref _messages[i];
        int received = (int)message.Length;
        if (received < UdpIpHeader.Size)
        {
            Counters.Drop(DropReason.Malformed); // an IP datagram too short for a UDP header: no port, no leg
            return;
        }
        byte* ip = _headers + i * UdpIpHeader.Size;
        if (ip[0] != 0x45)
        {
            Counters.Drop(DropReason.Malformed); // IP options: the scratch does not end at the payload
            return;
        }
        int offset = UdpIpHeader.DestinationPort(ip) - _firstPort;
        var leg = Legs.Get(offset >> 1);
        bool rtcp = (offset & 1) != 0;
        if (leg is null || (rtcp && leg.SinglePort))
        {
            Counters.Drop(DropReason.UnknownPort);
            return;
        }
        _legs[i] = leg;
        _onRtcpPort[i] = rtcp;
        _batch.Sources[i] = PackedEndpoint.Pack(UdpIpHeader.SourceAddress(ip), UdpIpHeader.SourcePort(ip));

        int length = received - UdpIpHeader.Size;
        if ((message.Header.Flags & Libc.MSG_TRUNC) != 0
            || UdpIpHeader.TotalLength(ip) != received
            || UdpIpHeader.UdpLength(ip) != received - UdpIpHeader.IpSize)
        {
            _batch.Lengths[i] = ReceiveBatch.Truncated; // oversized, or lengths that do not match what arrived
            return;
        }
        ushort payloadSum = InternetChecksum.Fold(InternetChecksum.Add(0, _slab[i], length));
        _batch.PayloadSums[i] = payloadSum;
        _batch.Lengths[i] = UdpIpHeader.ChecksumAcceptable(ip, payloadSum, _mediaAddress) ? length : ReceiveBatch.BadChecksum;
    }

    private static void Silence(int fd)
    {
        // Failure leaves the kernel queuing copies nobody reads: harmless (bounded by SO_RCVBUF), so not fatal.
        SocketFilters.Attach(fd, DropAll);
        RawSockets.SetInt(fd, Libc.SO_RCVBUF, 1); // the kernel's minimum
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
