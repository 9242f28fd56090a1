using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Relay.Benchmarks.Floor;

/// <summary>A data plane that does nothing, so a benchmark sees only floor control's own cost; it can inject diverted datagrams.</summary>
internal sealed class NullRelayControl : IRelayControl
{
    private static readonly IPEndPoint Source = new(IPAddress.Loopback, 40000);
    private int _nextLeg;

    public IPAddress MediaAddress => IPAddress.Loopback;

    public long Sent;

    public event DivertedPacketHandler? PacketDiverted;

    public void Divert(LegHandle leg, ReadOnlySpan<byte> datagram) => PacketDiverted?.Invoke(leg, Source, datagram);

    public LegHandle? AllocateLeg(in LegOptions options)
    {
        int id = ++_nextLeg;
        return new LegHandle(id, 2 * id, 2 * id + 1);
    }

    public void FreeLeg(LegHandle leg) { }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp) { }

    public BridgeHandle CreateBridge(BridgeMode mode) => new(1);

    public void DestroyBridge(BridgeHandle bridge) { }

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0) { }

    public void Detach(LegHandle leg) { }

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder) { }

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp)
    {
        Sent++;
        return true;
    }

    /// <summary>A leg that has not seen RTP yet, as in a floor-only load.</summary>
    public LegStats GetStats(LegHandle leg) => default;
}
