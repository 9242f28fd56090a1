using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>
/// Records what call control asks of the data plane; ports come from a small counter. Serialized by one
/// lock, like the real engine's control methods, so concurrent calls can use it.
/// </summary>
internal sealed class FakeRelay : IRelayControl
{
    private readonly object _gate = new();
    private int _nextPort = 30000;
    private int _nextId = 1;

    public IPAddress MediaAddress { get; } = IPAddress.Parse("203.0.113.1");
    public int Capacity { get; set; } = 1000;
    public HashSet<LegHandle> Legs { get; } = new();
    public List<LegOptions> AllocatedOptions { get; } = new();
    public Dictionary<LegHandle, LegOptions> OptionsOf { get; } = new();
    public Dictionary<LegHandle, (IPEndPoint? Rtp, IPEndPoint? Rtcp)> Remotes { get; } = new();
    public Dictionary<BridgeHandle, List<LegHandle>> Bridges { get; } = new();
    public Dictionary<BridgeHandle, BridgeMode> BridgeModes { get; } = new();
    public Dictionary<LegHandle, long> RtpIn { get; } = new();
    /// <summary>Per leg, the last RTP arrival (floor control polls it for media activity).</summary>
    public Dictionary<LegHandle, long> LastRtp { get; } = new();
    public Dictionary<BridgeHandle, LegHandle?> Holders { get; } = new();
    /// <summary>Floor messages the floor server sent from a leg.</summary>
    public List<(LegHandle Leg, byte[] Datagram)> FloorSent { get; } = new();
    public int FreedLegs { get; private set; }

    public LegHandle? AllocateLeg(in LegOptions options)
    {
        lock (_gate)
        {
            if (Legs.Count >= Capacity) return null;
            int port = _nextPort;
            _nextPort += 2;
            var leg = new LegHandle(_nextId++, port, options.SinglePort ? port : port + 1);
            Legs.Add(leg);
            AllocatedOptions.Add(options);
            OptionsOf[leg] = options;
            return leg;
        }
    }

    public void FreeLeg(LegHandle leg)
    {
        lock (_gate)
        {
            if (Legs.Remove(leg)) FreedLegs++;
            foreach (var members in Bridges.Values) members.Remove(leg);
        }
    }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp)
    {
        lock (_gate) Remotes[leg] = (rtp, rtcp);
    }

    public BridgeHandle CreateBridge(BridgeMode mode)
    {
        lock (_gate)
        {
            var bridge = new BridgeHandle(_nextId++);
            Bridges[bridge] = new List<LegHandle>();
            BridgeModes[bridge] = mode;
            return bridge;
        }
    }

    public void DestroyBridge(BridgeHandle bridge)
    {
        lock (_gate)
        {
            Bridges.Remove(bridge);
            BridgeModes.Remove(bridge);
        }
    }

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0)
    {
        lock (_gate) Bridges[bridge].Add(leg);
    }

    public void Detach(LegHandle leg)
    {
        lock (_gate)
            foreach (var members in Bridges.Values) members.Remove(leg);
    }

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder)
    {
        lock (_gate) Holders[bridge] = holder;
    }

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp)
    {
        lock (_gate) FloorSent.Add((leg, datagram.ToArray()));
        return true;
    }

    public LegStats GetStats(LegHandle leg)
    {
        lock (_gate)
        {
            long last = LastRtp.GetValueOrDefault(leg);
            return new(RtpIn.GetValueOrDefault(leg), 0, 0, 0, 0, 0, last, null, null, LastVoiceTimestamp: last);
        }
    }

    public event DivertedPacketHandler? PacketDiverted;

    /// <summary>A datagram arriving on a diverted leg (a floor message from the participant).</summary>
    public void Divert(LegHandle leg, byte[] datagram) => PacketDiverted?.Invoke(leg, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 6002), datagram);

    public LegHandle LegWithPort(int port) => Legs.Single(l => l.RtpPort == port);
}
