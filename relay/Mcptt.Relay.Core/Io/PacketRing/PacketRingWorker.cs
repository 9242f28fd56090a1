using System.Diagnostics;
using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;
using Mcptt.Relay.Core.Io.Raw;

namespace Mcptt.Relay.Core.Io.PacketRing;

/// <summary>
/// Linux worker on an AF_PACKET receive ring (needs CAP_NET_RAW): the Raw engine's send side and
/// port ownership with a cheaper receive. The ring's socket carries the Raw engine's BPF filter
/// (destination = media address, a port pair this worker owns), which on a packet socket runs
/// before any copy or clone; a raw socket instead clones every UDP datagram on the host once per
/// worker before its filter runs. While frames are waiting no syscall is made: a round copies up
/// to BatchSize frames (IPv4+UDP header into the header scratch, payload into the slab slot, a
/// memcpy of a few hundred bytes each) and returns each frame to the kernel at once, then runs the
/// shared raw-datagram inspection and pipeline and one sendmmsg on the IPPROTO_RAW socket.
/// poll() is used only when the ring is empty.
/// <para>
/// A packet socket sees packets before the IP layer (and before netfilter), so this worker also
/// makes the IP layer's checks: header checksum, total length within what arrived (Ethernet
/// padding beyond it is ignored), not addressed to another host's link address.
/// </para>
/// </summary>
internal sealed unsafe class PacketRingWorker : RelayWorker
{
    private const int IdleWaitMilliseconds = 50;
    private const int BatchesPerRound = 4;
    /// <summary>How often the kernel's ring-full drop count is collected (a getsockopt), at most.</summary>
    private static readonly long StatisticsInterval = Stopwatch.Frequency / 10;

    private readonly ReceiveRing _ring;
    private readonly int _sendFd;
    private readonly bool _busyPoll;
    private readonly int _batchSize;
    private readonly PacketSlab _slab;
    private readonly byte* _headers;
    private readonly ReceiveBatch _batch;
    private readonly RawDatagramInspector _inspector;
    private readonly RawSender _sender;
    private long _statisticsDue;

    public PacketRingWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline,
        Action signalDivert, int batchSize, bool busyPoll, uint mediaAddress, int firstPort, int pairCount, int workers,
        int socketBufferBytes)
        : base(index, cpu, legs, counters, pipeline, signalDivert)
    {
        _busyPoll = busyPoll;
        _batchSize = batchSize;
        _sendFd = RawSockets.Open(Libc.IPPROTO_RAW, out int errno);
        if (_sendFd < 0) throw new InvalidOperationException($"raw IPPROTO_RAW socket failed, errno {errno} (needs CAP_NET_RAW)");
        try
        {
            _ring = new ReceiveRing(SocketFilters.Receive(mediaAddress, firstPort, firstPort + 2 * pairCount - 1, workers, index));
        }
        catch
        {
            Libc.Close(_sendFd);
            throw;
        }
        RawSockets.SetBuffer(_sendFd, receive: false, Math.Max(socketBufferBytes, RawSockets.MinimumSendBufferBytes));

        _slab = new PacketSlab(batchSize);
        _batch = new ReceiveBatch(_slab);
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)batchSize * UdpIpHeader.Size);
        _inspector = new RawDatagramInspector(legs, counters, _batch, mediaAddress, firstPort);
        _sender = new RawSender(counters, _sendFd, mediaAddress, _batch, Math.Max(256, batchSize * 8));
    }

    /// <summary>The leg's datagrams now come through the ring: its UDP sockets keep the ports but drop everything.</summary>
    public override void Add(RelayLeg leg) => RawSockets.Silence(leg);

    /// <summary>Nothing to unregister: the engine clears the leg's table slot before the quiescence wait.</summary>
    public override void Remove(RelayLeg leg)
    {
    }

    protected override void Loop()
    {
        var poll = new PollFd { Fd = _ring.Fd, Events = Libc.POLLIN };
        int timeout = _busyPoll ? 0 : IdleWaitMilliseconds;
        _statisticsDue = Stopwatch.GetTimestamp() + StatisticsInterval;
        while (Running)
        {
            CollectRingDrops();
            if ((_ring.CurrentStatus & TPacket2Header.StatusUser) == 0)
            {
                // Empty ring. A frame written after the check above still wakes this poll: the
                // socket is readable while the kernel's last written frame is not handed back.
                poll.ReturnedEvents = 0;
                int ready = Libc.Poll(&poll, 1, timeout);
                if (ready <= 0) continue; // timeout, EINTR
                Counters.Increment(WorkerCounters.PollCalls);
            }

            BeginRound();
            for (int round = 0; round < BatchesPerRound; round++)
                if (TakeAndForward() < _batchSize) break;
            EndRound();
        }
        CollectRingDrops();
    }

    /// <summary>Up to BatchSize frames from the ring into the batch, the pipeline over each run, one flush.</summary>
    private int TakeAndForward()
    {
        int taken = 0;
        while (taken < _batchSize)
        {
            uint status = _ring.CurrentStatus;
            if ((status & TPacket2Header.StatusUser) == 0) break;
            Take(taken, _ring.Current, status);
            _ring.Release();
            taken++;
        }
        if (taken == 0) return 0;
        _batch.Count = taken;
        _batch.ArrivalTicks = Stopwatch.GetTimestamp();
        _inspector.Forward(taken, Pipeline, _sender);
        _sender.Flush();
        return taken;
    }

    /// <summary>Copies frame <paramref name="frame"/> into batch slot <paramref name="i"/> and inspects it.</summary>
    private void Take(int i, TPacket2Header* frame, uint status)
    {
        byte* header = _headers + i * UdpIpHeader.Size;
        byte* ip = (byte*)frame + frame->NetworkOffset;
        int captured = (int)frame->SnapLength;
        int length = (int)frame->Length;
        byte packetType = ((SockAddrLl*)((byte*)frame + TPacket2Header.AddressOffset))->PacketType;
        if (captured < UdpIpHeader.IpSize || packetType == SockAddrLl.PacketOtherHost || !IpHeaderValid(ip, length))
        {
            // What ip_rcv drops before any socket sees it: counted here, no leg known yet.
            _inspector.Inspect(i, header, 0, truncated: true, checksumVerified: false);
            return;
        }
        // The IP total length, not the frame length: a short datagram from an Ethernet NIC arrives
        // padded to 46 bytes (the IP layer trims the same way). IpHeaderValid checked it fits.
        int received = UdpIpHeader.TotalLength(ip);
        bool truncated = (status & TPacket2Header.StatusCopy) != 0 || captured < length;
        int copy = Math.Min(received, captured);
        Buffer.MemoryCopy(ip, header, UdpIpHeader.Size, Math.Min(copy, UdpIpHeader.Size));
        if (copy > UdpIpHeader.Size && !truncated)
            Buffer.MemoryCopy(ip + UdpIpHeader.Size, _slab[i], PacketSlab.SlotSize, copy - UdpIpHeader.Size);
        bool verified = (status & (TPacket2Header.StatusChecksumNotReady | TPacket2Header.StatusChecksumValid)) != 0;
        _inspector.Inspect(i, header, received, truncated, verified);
    }

    /// <summary>
    /// The checks ip_rcv makes before a raw or UDP socket ever sees a datagram: version 4, a header
    /// of at least 20 bytes, a total length no shorter than the header and no longer than what arrived,
    /// and a header checksum that verifies (RFC 1071 over the header, options included).
    /// </summary>
    private static bool IpHeaderValid(byte* ip, int length)
    {
        int headerLength = (ip[0] & 0x0F) * 4;
        if ((ip[0] >> 4) != 4 || headerLength < UdpIpHeader.IpSize || headerLength > length) return false;
        int total = UdpIpHeader.TotalLength(ip);
        if (total < headerLength || total > length) return false;
        return InternetChecksum.Fold(InternetChecksum.Add(0, ip, headerLength)) == 0xFFFF;
    }

    /// <summary>Adds the kernel's ring-full drops to ring_overflow, at most every StatisticsInterval.</summary>
    private void CollectRingDrops()
    {
        long now = Stopwatch.GetTimestamp();
        if (now < _statisticsDue && Running) return;
        _statisticsDue = now + StatisticsInterval;
        long drops = _ring.TakeDrops();
        if (drops > 0) Counters.Drop(DropReason.RingOverflow, (int)drops);
    }

    protected override void ReleaseResources()
    {
        _ring.Dispose();
        Libc.Close(_sendFd);
        NativeMemory.Free(_headers);
        _sender.Dispose();
        _slab.Dispose();
    }
}
