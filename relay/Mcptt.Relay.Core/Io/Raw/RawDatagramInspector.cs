using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io.Raw;

/// <summary>
/// What the engines that receive whole IPv4 datagrams (Raw: a raw socket; PacketRing: an AF_PACKET
/// ring) do between the kernel and the pipeline, since no UDP socket did it for them: find each
/// datagram's leg by destination port, make the checks the kernel's UDP layer would have made
/// (lengths, checksum), then hand each run of consecutive same-leg, same-port datagrams to the
/// pipeline. Datagram i's 28-byte IPv4+UDP header is given by the caller; its payload is in slab slot i.
/// One per worker; single-threaded.
/// </summary>
internal sealed unsafe class RawDatagramInspector
{
    private readonly LegTable _table;
    private readonly WorkerCounters _counters;
    private readonly ReceiveBatch _batch;
    private readonly uint _mediaAddress;
    private readonly int _firstPort;
    private readonly RelayLeg?[] _legs;
    private readonly bool[] _onRtcpPort;

    public RawDatagramInspector(LegTable table, WorkerCounters counters, ReceiveBatch batch, uint mediaAddress, int firstPort)
    {
        _table = table;
        _counters = counters;
        _batch = batch;
        _mediaAddress = mediaAddress;
        _firstPort = firstPort;
        _legs = new RelayLeg?[batch.Capacity];
        _onRtcpPort = new bool[batch.Capacity];
    }

    /// <summary>
    /// Classifies datagram <paramref name="i"/>: its leg (or a counted drop), its packed source, and
    /// its batch length (the payload length, or Truncated / BadChecksum for the pipeline to count
    /// against the leg). <paramref name="received"/> is the IP datagram's length as it arrived;
    /// <paramref name="truncated"/> says the receive cut it. <paramref name="checksumVerified"/>: the
    /// kernel vouches for the UDP checksum (verified by the NIC, or generated on this host).
    /// </summary>
    public void Inspect(int i, byte* ip, int received, bool truncated, bool checksumVerified)
    {
        _legs[i] = null;
        if (received < UdpIpHeader.Size)
        {
            _counters.Drop(DropReason.Malformed); // an IP datagram too short for a UDP header: no port, no leg
            return;
        }
        if (ip[0] != 0x45)
        {
            _counters.Drop(DropReason.Malformed); // IP options: the header is not 28 bytes in front of the payload
            return;
        }
        int offset = UdpIpHeader.DestinationPort(ip) - _firstPort;
        var leg = _table.Get(offset >> 1);
        bool rtcp = (offset & 1) != 0;
        if (leg is null || (rtcp && leg.SinglePort))
        {
            _counters.Drop(DropReason.UnknownPort);
            return;
        }
        _legs[i] = leg;
        _onRtcpPort[i] = rtcp;
        _batch.Sources[i] = PackedEndpoint.Pack(UdpIpHeader.SourceAddress(ip), UdpIpHeader.SourcePort(ip));

        int length = received - UdpIpHeader.Size;
        if (truncated
            || UdpIpHeader.TotalLength(ip) != received
            || UdpIpHeader.UdpLength(ip) != received - UdpIpHeader.IpSize)
        {
            _batch.Lengths[i] = ReceiveBatch.Truncated; // oversized, or lengths that do not match what arrived
            return;
        }
        // The sum is needed either way: every copy sent derives its checksum from it.
        ushort payloadSum = InternetChecksum.Fold(InternetChecksum.Add(0, _batch.Slab[i], length));
        _batch.PayloadSums[i] = payloadSum;
        _batch.Lengths[i] = checksumVerified || UdpIpHeader.ChecksumAcceptable(ip, payloadSum, _mediaAddress) ? length : ReceiveBatch.BadChecksum;
    }

    /// <summary>The pipeline over each run of consecutive same-leg, same-port datagrams among the first
    /// <paramref name="count"/> (no flush: the caller flushes once), then forgets the legs.</summary>
    public void Forward(int count, ForwardingPipeline pipeline, PacketSender sender)
    {
        int first = 0;
        while (first < count)
        {
            var leg = _legs[first];
            bool rtcp = _onRtcpPort[first];
            int end = first + 1;
            while (end < count && ReferenceEquals(_legs[end], leg) && _onRtcpPort[end] == rtcp) end++;
            if (leg is not null) pipeline.ProcessRun(leg, rtcp, _batch, first, end - first, sender);
            first = end;
        }
        Array.Clear(_legs, 0, count); // do not keep freed legs reachable
    }
}
