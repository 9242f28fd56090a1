using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Calls;

public enum ParticipantRole : byte { Caller, Callee }

/// <summary>
/// One party of a <see cref="CallSession"/>: its SIP dialog (once known), its relay legs per media index
/// and the last plan taken from its SDP. A 1:1 call has two; a pre-arranged group call would have one per
/// member, all attached to the same per-media bridges.
/// </summary>
internal sealed class Participant
{
    public Participant(ParticipantRole role, string user)
    {
        Role = role;
        User = user;
    }

    public ParticipantRole Role { get; }
    public string User { get; }
    public Dialog? Dialog { get; set; }

    /// <summary>Relay legs indexed like the m= lines; null where this index has no leg.</summary>
    public List<LegHandle?> Legs { get; } = new();

    /// <summary>The plan of this party's most recent SDP (its addresses).</summary>
    public AnchorPlan? Plan { get; private set; }

    /// <summary>This party's latest SDP holds its audio (no RTP is to be expected from the call).</summary>
    public bool OnHold { get; private set; }

    /// <summary>Takes this party's latest SDP (or restores an earlier state after a rejected offer).</summary>
    public void SetMedia(AnchorPlan? plan, bool onHold)
    {
        Plan = plan;
        OnHold = onHold;
    }

    public void SetMedia(SessionDescription sdp, AnchorPlan plan) => SetMedia(plan, MediaHold.IsOnHold(sdp, plan));

    /// <summary>The SDP we last sent to this party (re-sent for an offerless re-INVITE).</summary>
    public SessionDescription? LastSdpSent { get; set; }

    public LegHandle? LegAt(int index) => index < Legs.Count ? Legs[index] : null;
}
