using Mcptt.Floor.Sdp;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Groups;

internal enum MemberState : byte
{
    /// <summary>We sent an INVITE; no final response yet.</summary>
    Inviting,
    /// <summary>The member INVITEd the group and got our 2xx; its ACK has not arrived yet.</summary>
    Answered,
    /// <summary>In the call and in the floor session.</summary>
    Joined,
    Left,
}

/// <summary>One member's presence in a <see cref="GroupSession"/>: its dialog, its two relay legs and its floor settings.
/// A member who leaves and rejoins gets a new object.</summary>
internal sealed class GroupMember
{
    public GroupMember(string user, bool inbound, uint serverSsrc)
    {
        User = user;
        Inbound = inbound;
        ServerSsrc = serverSsrc;
    }

    public string User { get; }
    /// <summary>True when the member INVITEd the group URI (we are UAS), false when we invited it.</summary>
    public bool Inbound { get; }
    /// <summary>The SSRC the relay uses toward this member's audio (and announces in mc_ssrc).</summary>
    public uint ServerSsrc { get; }
    public MemberState State { get; set; }
    public Dialog? Dialog { get; set; }
    public LegHandle? AudioLeg { get; set; }
    /// <summary>The member's floor channel (Diverted, single port); null for a legacy phone.</summary>
    public LegHandle? FloorLeg { get; set; }
    public bool InFloor { get; set; }
    public SessionDescription? LastSdpSent { get; set; }
    public McpttFmtp? Negotiated { get; set; }

    /// <summary>The member's INVITE to the group (inbound only).</summary>
    public IServerRequest? InboundInvite { get; set; }

    /// <summary>Our INVITE to the member (outbound only) and its transaction.</summary>
    public SipRequest? OutboundInvite { get; set; }
    public Binding? Binding { get; set; }
    public IClientRequest? Transaction { get; set; }
    public SipRequest? Ack { get; set; }
    public ITimer? RingTimer { get; set; }
    /// <summary>The floor offer we made (outbound), to cap the member's answer.</summary>
    public McpttFmtp? FloorOffer { get; set; }
}
