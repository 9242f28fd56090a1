using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Groups;

/// <summary>
/// One running pre-arranged group call: a FloorHolderOnly audio bridge, its floor session and the members in
/// it. Guarded by <see cref="Gate"/> (lock order: Gate, then the controller's tables, then the floor session).
/// </summary>
internal sealed class GroupSession
{
    private readonly HashSet<uint> _ssrcs = new();

    public GroupSession(GroupDefinition group, string id, BridgeHandle bridge, int payloadType, SdpOrigin origin)
    {
        Group = group;
        Id = id;
        Bridge = bridge;
        PayloadType = payloadType;
        Origin = origin;
    }

    public object Gate { get; } = new();
    public GroupDefinition Group { get; }
    /// <summary>Label for logs and the floor session (group user + a unique suffix).</summary>
    public string Id { get; }
    public BridgeHandle Bridge { get; }
    public FloorSession? Floor { get; set; }
    /// <summary>The one codec every member uses (the relay does not transcode).</summary>
    public int PayloadType { get; }
    /// <summary>Our o= line; its version goes up with every description we send.</summary>
    public SdpOrigin Origin { get; private set; }
    public List<GroupMember> Members { get; } = new();
    public bool Ended { get; set; }

    public SdpOrigin NextOrigin()
    {
        Origin = Origin.WithNextVersion();
        return Origin;
    }

    /// <summary>A fresh non-zero SSRC, distinct from every other one this session uses toward a member.</summary>
    public uint NewSsrc()
    {
        while (true)
        {
            uint ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
            if (_ssrcs.Add(ssrc)) return ssrc;
        }
    }

    public GroupMember? Find(string user)
    {
        foreach (var m in Members)
            if (m.User == user) return m;
        return null;
    }

    /// <summary>Members that answered (or are waiting for our 2xx's ACK): the call lives while one remains.</summary>
    public int ConnectedCount
    {
        get
        {
            int n = 0;
            foreach (var m in Members)
                if (m.State is MemberState.Answered or MemberState.Joined) n++;
            return n;
        }
    }
}
