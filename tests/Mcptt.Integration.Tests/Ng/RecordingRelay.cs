using System.Collections.Concurrent;
using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Integration.Tests.Ng;

/// <summary>
/// Passes every call to the real data plane and remembers what the ng port asked for: the remotes it
/// set and each leg's counters just before the leg was freed (after the call, the legs are gone).
/// </summary>
internal sealed class RecordingRelay(IRelayControl inner) : IRelayControl
{
    public ConcurrentDictionary<LegHandle, (IPEndPoint? Rtp, IPEndPoint? Rtcp)> Remotes { get; } = new();
    public ConcurrentDictionary<LegHandle, LegStats> FinalStats { get; } = new();
    public int Bridges;

    public IPAddress MediaAddress => inner.MediaAddress;

    public LegHandle? AllocateLeg(in LegOptions options) => inner.AllocateLeg(options);

    public void FreeLeg(LegHandle leg)
    {
        FinalStats[leg] = inner.GetStats(leg);
        inner.FreeLeg(leg);
    }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp)
    {
        Remotes[leg] = (rtp, rtcp);
        inner.SetRemote(leg, rtp, rtcp);
    }

    public BridgeHandle CreateBridge(BridgeMode mode)
    {
        Interlocked.Increment(ref Bridges);
        return inner.CreateBridge(mode);
    }

    public void DestroyBridge(BridgeHandle bridge) => inner.DestroyBridge(bridge);

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0) => inner.Attach(bridge, leg, outgoingSsrc);

    public void Detach(LegHandle leg) => inner.Detach(leg);

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder) => inner.SetFloorHolder(bridge, holder);

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp) => inner.SendFromLeg(leg, datagram, rtcp);

    public LegStats GetStats(LegHandle leg) => inner.GetStats(leg);

    public event DivertedPacketHandler? PacketDiverted
    {
        add => inner.PacketDiverted += value;
        remove => inner.PacketDiverted -= value;
    }
}
