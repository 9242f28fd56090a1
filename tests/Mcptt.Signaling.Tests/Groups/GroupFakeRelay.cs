using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Signaling.Tests.Groups;

/// <summary>Records the data-plane calls of group call control, including floor holders, outgoing SSRCs and sent floor messages.</summary>
internal sealed class GroupFakeRelay : IRelayControl
{
    private int _nextPort = 40000;
    private int _nextId = 1;

    public IPAddress MediaAddress { get; } = IPAddress.Parse("203.0.113.1");
    public Dictionary<LegHandle, LegOptions> Legs { get; } = new();
    public Dictionary<LegHandle, (IPEndPoint? Rtp, IPEndPoint? Rtcp)> Remotes { get; } = new();
    public Dictionary<BridgeHandle, BridgeMode> Bridges { get; } = new();
    public Dictionary<LegHandle, (BridgeHandle Bridge, uint Ssrc)> Attached { get; } = new();
    public Dictionary<BridgeHandle, LegHandle?> Holders { get; } = new();
    public List<(LegHandle Leg, byte[] Datagram)> FloorSent { get; } = new();
    public Dictionary<LegHandle, long> LastRtp { get; } = new();

    public LegHandle? AllocateLeg(in LegOptions options)
    {
        int port = _nextPort;
        _nextPort += 2;
        var leg = new LegHandle(_nextId++, port, options.SinglePort ? port : port + 1);
        Legs[leg] = options;
        return leg;
    }

    public void FreeLeg(LegHandle leg)
    {
        Legs.Remove(leg);
        Attached.Remove(leg);
    }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp) => Remotes[leg] = (rtp, rtcp);

    public BridgeHandle CreateBridge(BridgeMode mode)
    {
        var bridge = new BridgeHandle(_nextId++);
        Bridges[bridge] = mode;
        return bridge;
    }

    public void DestroyBridge(BridgeHandle bridge) => Bridges.Remove(bridge);

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0) => Attached[leg] = (bridge, outgoingSsrc);

    public void Detach(LegHandle leg) => Attached.Remove(leg);

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder) => Holders[bridge] = holder;

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp)
    {
        FloorSent.Add((leg, datagram.ToArray()));
        return true;
    }

    /// <summary>Last voiced RTP on legs allocated with DetectVoice (others report LastRtp, like the engine).</summary>
    public Dictionary<LegHandle, long> LastVoice { get; } = new();

    public LegStats GetStats(LegHandle leg)
    {
        long rtp = LastRtp.GetValueOrDefault(leg);
        long voice = Legs.TryGetValue(leg, out var o) && o.DetectVoice ? LastVoice.GetValueOrDefault(leg) : rtp;
        return new(0, 0, 0, 0, 0, 0, rtp, null, null, voice);
    }

    public event DivertedPacketHandler? PacketDiverted;

    public void Divert(LegHandle leg, byte[] datagram) => PacketDiverted?.Invoke(leg, new IPEndPoint(IPAddress.Loopback, 1), datagram);

    public LegHandle LegWithPort(int port) => Legs.Keys.Single(l => l.RtpPort == port);
}
