using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Floor.Tests.Binding;

/// <summary>Records what floor control asks of the data plane; lets tests inject diverted datagrams and RTP activity.</summary>
public sealed class FakeRelayControl : IRelayControl
{
    private int _nextLeg = 1;

    public IPAddress MediaAddress => IPAddress.Loopback;

    public List<(LegHandle Leg, byte[] Datagram, bool Rtcp)> Sent { get; } = new();

    public List<(BridgeHandle Bridge, LegHandle? Holder)> HolderCalls { get; } = new();

    public Dictionary<int, long> LastRtp { get; } = new();

    /// <summary>Legs with voice detection: the last voiced packet. Absent = the leg does not detect voice (equals LastRtp).</summary>
    public Dictionary<int, long> LastVoice { get; } = new();

    public event DivertedPacketHandler? PacketDiverted;

    public int DivertedSubscribers => PacketDiverted?.GetInvocationList().Length ?? 0;

    public LegHandle NewLeg()
    {
        int id = _nextLeg++;
        return new LegHandle(id, 30000 + id * 2, 30001 + id * 2);
    }

    public void Divert(LegHandle leg, byte[] datagram) => PacketDiverted?.Invoke(leg, new IPEndPoint(IPAddress.Loopback, 40000), datagram);

    public LegHandle? AllocateLeg(in LegOptions options) => NewLeg();

    public void FreeLeg(LegHandle leg) { }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp) { }

    public BridgeHandle CreateBridge(BridgeMode mode) => new(1);

    public void DestroyBridge(BridgeHandle bridge) { }

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0) { }

    public void Detach(LegHandle leg) { }

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder) => HolderCalls.Add((bridge, holder));

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp)
    {
        Sent.Add((leg, datagram.ToArray(), rtcp));
        return true;
    }

    public LegStats GetStats(LegHandle leg)
    {
        long rtp = LastRtp.TryGetValue(leg.Id, out long t) ? t : 0;
        return new(0, 0, 0, 0, 0, 0, rtp, null, null, LastVoice.TryGetValue(leg.Id, out long v) ? v : rtp);
    }
}
