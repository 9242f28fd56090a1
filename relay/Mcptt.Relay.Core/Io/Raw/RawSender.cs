using System.Runtime.InteropServices;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io.Native;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>
/// Sends every datagram of a worker's round through one raw IPPROTO_RAW socket: the relay writes
/// the IPv4 and UDP headers itself, so the source port can be any leg's port and one sendmmsg(2)
/// carries datagrams of many legs — a 1-to-N fan-out of one packet, or a whole receive batch
/// toward many listeners, is one kernel crossing. Nothing is sent before <see cref="Flush"/>
/// (the worker calls it once per receive batch) unless the message table or arena fills up.
/// Each message is two iovecs: [IPv4 + UDP header | rewritten RTP header or RTCP copy] in the
/// arena, and the untouched tail in the receive slab.
/// </summary>
internal sealed unsafe class RawSender : PacketSender, IDisposable
{
    private const int ArenaBytes = 128 * 1024;

    private readonly int _fd;
    private readonly uint _source;
    private readonly ReceiveBatch _batch;
    private readonly byte* _slab;
    private readonly int _capacity;
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovecs;
    private readonly SockAddrIn* _addresses;
    private readonly int[] _slots;
    private readonly bool[] _rtcp;
    private readonly int[] _lengths;
    private readonly NativeArena _arena = new(ArenaBytes);
    private int _count;
    private int _pendingSlot;
    private bool _pendingRtcp;
    private ushort _pendingPort;

    /// <param name="fd">A raw IPPROTO_RAW socket (header included); not owned.</param>
    /// <param name="source">The media address (host order): the source of everything sent.</param>
    /// <param name="batch">The worker's receive batch: payload sums of slab tails are reused from it.</param>
    public RawSender(WorkerCounters counters, int fd, uint source, ReceiveBatch batch, int capacity) : base(counters)
    {
        _fd = fd;
        _source = source;
        _batch = batch;
        _slab = batch.Slab[0];
        _capacity = capacity;
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MMsgHdr));
        _iovecs = (IoVec*)NativeMemory.AllocZeroed((nuint)capacity * 2, (nuint)sizeof(IoVec));
        _addresses = (SockAddrIn*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(SockAddrIn));
        _slots = new int[capacity];
        _rtcp = new bool[capacity];
        _lengths = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _addresses[i].Family = SockAddrIn.AfInet;
            _messages[i].Header.Name = &_addresses[i];
            _messages[i].Header.NameLength = SockAddrIn.Size;
            _messages[i].Header.Iov = &_iovecs[2 * i];
        }
    }

    /// <summary>Datagrams committed and not yet flushed.</summary>
    public int Pending => _count;

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        if (_count == _capacity || _arena.Available < UdpIpHeader.Size + headerLength) Flush();
        _pendingSlot = destination.Slot;
        _pendingRtcp = rtcp;
        _pendingPort = (ushort)(rtcp ? destination.Handle.RtcpPort : destination.Handle.RtpPort);
        return _arena.Peek + UdpIpHeader.Size;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        int i = _count++;
        byte* ip = _arena.Peek;
        int payloadLength = headerLength + tailLength;
        ulong sum = UdpIpHeader.Write(ip, _source, _pendingPort, PackedEndpoint.Address(remote), PackedEndpoint.Port(remote), payloadLength);
        if (headerLength > 0) sum = InternetChecksum.Add(sum, ip + UdpIpHeader.Size, headerLength);
        if (tailLength > 0)
        {
            ushort tailSum = TailSum(tail, tailLength);
            sum += (headerLength & 1) != 0 ? InternetChecksum.AtOddOffset(tailSum) : tailSum;
        }
        UdpIpHeader.SetChecksum(ip, sum);

        // The kernel routes by the address; the port of a raw socket's destination is unused.
        PackedEndpoint.WriteSockAddrIn(PackedEndpoint.Pack(PackedEndpoint.Address(remote), 0), new Span<byte>(&_addresses[i], SockAddrIn.Size));
        ref var header = ref _messages[i].Header;
        header.NameLength = SockAddrIn.Size;
        header.Flags = 0;
        _iovecs[2 * i].Base = ip;
        _iovecs[2 * i].Length = (nuint)(UdpIpHeader.Size + headerLength);
        int iov = 1;
        if (tailLength > 0)
        {
            _iovecs[2 * i + 1].Base = tail;
            _iovecs[2 * i + 1].Length = (nuint)tailLength;
            iov++;
        }
        header.IovLength = (nuint)iov;
        _arena.Commit(UdpIpHeader.Size + headerLength);
        _slots[i] = _pendingSlot;
        _rtcp[i] = _pendingRtcp;
        _lengths[i] = payloadLength;
    }

    public override void Flush()
    {
        SendMMsgLoop.SendAll(_fd, _messages, _count, Counters, _slots, _rtcp, _lengths);
        _count = 0;
        _arena.Reset();
    }

    /// <summary>
    /// The payload sum of a tail: a tail that runs to the end of a received datagram (pass-through,
    /// or after a rewritten RTP header) is derived from the sum the receive path already computed,
    /// so an N-way fan-out reads the payload once, not N times.
    /// </summary>
    private ushort TailSum(byte* tail, int tailLength)
    {
        long offset = tail - _slab;
        long slabBytes = (long)_batch.Slab.Slots * PacketSlab.SlotSize;
        if (offset >= 0 && offset < slabBytes)
        {
            int slot = (int)(offset / PacketSlab.SlotSize);
            int within = (int)(offset % PacketSlab.SlotSize);
            if ((within & 1) == 0 && within + tailLength == _batch.Lengths[slot])
            {
                ushort whole = _batch.PayloadSums[slot];
                ushort prefix = InternetChecksum.Fold(InternetChecksum.Add(0, tail - within, within));
                return InternetChecksum.Subtract(whole, prefix);
            }
        }
        return InternetChecksum.Fold(InternetChecksum.Add(0, tail, tailLength));
    }

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_addresses);
        _arena.Dispose();
    }
}
