using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// How a worker's pipeline emits datagrams. A datagram is an optional header (prepared in sender
/// scratch memory: rewritten RTP header or rewritten RTCP copy) followed by an untouched tail in
/// the receive slab, so a fan-out to N listeners copies 12 bytes per listener, not the payload.
/// Usage per datagram: <see cref="Prepare"/>, write the header, <see cref="Commit"/>.
/// Everything committed must be flushed before the receive slab is reused.
/// </summary>
internal abstract unsafe class PacketSender
{
    protected PacketSender(WorkerCounters counters) => Counters = counters;

    protected WorkerCounters Counters { get; }

    /// <summary>Selects the socket (destination leg, RTP or RTCP port) and returns header scratch of <paramref name="headerLength"/> bytes.</summary>
    public abstract byte* Prepare(RelayLeg destination, bool rtcp, int headerLength);

    public abstract void Commit(long remote, int headerLength, byte* tail, int tailLength);

    public abstract void Flush();
}
