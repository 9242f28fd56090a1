using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

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
    private readonly OutgoingBatch _out;
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
        _out = new OutgoingBatch(capacity, ArenaBytes);
    }

    /// <summary>Datagrams committed and not yet flushed.</summary>
    public int Pending => _out.Count;

    public override byte* Prepare(RelayLeg destination, bool rtcp, int headerLength)
    {
        if (_out.IsFull || _out.Arena.Available < UdpIpHeader.Size + headerLength) Flush();
        _pendingSlot = destination.Slot;
        _pendingRtcp = rtcp;
        _pendingPort = (ushort)(rtcp ? destination.Handle.RtcpPort : destination.Handle.RtpPort);
        return _out.Arena.Peek + UdpIpHeader.Size;
    }

    public override void Commit(long remote, int headerLength, byte* tail, int tailLength)
    {
        byte* ip = _out.Arena.Peek;
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
        _out.Add(PackedEndpoint.Pack(PackedEndpoint.Address(remote), 0), ip, UdpIpHeader.Size + headerLength, tail, tailLength,
            _pendingSlot, _pendingRtcp, payloadLength);
        _out.Arena.Commit(UdpIpHeader.Size + headerLength);
    }

    public override void Flush() => _out.Send(_fd, Counters);

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

    public void Dispose() => _out.Dispose();
}
