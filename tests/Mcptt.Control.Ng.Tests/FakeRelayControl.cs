using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Control.Ng.Tests;

/// <summary>Records what the ng engine asks of the data plane; hands out even ports from a small range.</summary>
internal sealed class FakeRelayControl : IRelayControl
{
    private int _nextLeg = 1;
    private int _nextBridge = 1;
    private int _nextPort;
    private readonly int _maxPort;

    public FakeRelayControl(int firstPort = 30000, int maxLegs = 1000)
    {
        _nextPort = firstPort;
        _maxPort = firstPort + 2 * maxLegs;
    }

    public IPAddress MediaAddress { get; set; } = IPAddress.Parse("192.0.2.10");

    public Dictionary<LegHandle, LegOptions> Legs { get; } = new();
    public Dictionary<LegHandle, (IPEndPoint? Rtp, IPEndPoint? Rtcp)> Remotes { get; } = new();
    public Dictionary<BridgeHandle, BridgeMode> Bridges { get; } = new();
    public Dictionary<LegHandle, BridgeHandle> Attached { get; } = new();
    public Dictionary<LegHandle, LegStats> Stats { get; } = new();
    public int AllocateCalls { get; private set; }

    public LegHandle? AllocateLeg(in LegOptions options)
    {
        AllocateCalls++;
        if (_nextPort + 1 > _maxPort) return null;
        var leg = new LegHandle(_nextLeg++, _nextPort, _nextPort + 1);
        _nextPort += 2;
        Legs.Add(leg, options);
        return leg;
    }

    public void FreeLeg(LegHandle leg)
    {
        Legs.Remove(leg);
        Remotes.Remove(leg);
        Attached.Remove(leg);
    }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp)
    {
        if (!Legs.ContainsKey(leg)) throw new InvalidOperationException("SetRemote on a freed leg");
        Remotes[leg] = (rtp, rtcp);
    }

    public BridgeHandle CreateBridge(BridgeMode mode)
    {
        var bridge = new BridgeHandle(_nextBridge++);
        Bridges.Add(bridge, mode);
        return bridge;
    }

    public void DestroyBridge(BridgeHandle bridge)
    {
        Bridges.Remove(bridge);
        foreach (var leg in Attached.Where(p => p.Value == bridge).Select(p => p.Key).ToList()) Attached.Remove(leg);
    }

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0)
    {
        if (!Bridges.ContainsKey(bridge)) throw new InvalidOperationException("Attach to a destroyed bridge");
        if (!Legs.ContainsKey(leg)) throw new InvalidOperationException("Attach of a freed leg");
        Attached[leg] = bridge;
    }

    public void Detach(LegHandle leg) => Attached.Remove(leg);

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder) => throw new NotSupportedException("ng never uses floor control");

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp) => false;

    public LegStats GetStats(LegHandle leg) => Stats.TryGetValue(leg, out var stats) ? stats : default;

#pragma warning disable CS0067 // never raised: ng legs are plain media legs
    public event DivertedPacketHandler? PacketDiverted;
#pragma warning restore CS0067
}
