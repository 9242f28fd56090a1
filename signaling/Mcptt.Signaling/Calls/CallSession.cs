using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

internal enum SessionState : byte
{
    /// <summary>INVITE sent to the callee's contacts; nothing back yet.</summary>
    Proceeding,
    /// <summary>A provisional response was relayed to the caller.</summary>
    Early,
    /// <summary>2xx sent to the caller, waiting for its ACK.</summary>
    Answered,
    Confirmed,
    Terminated,
}

/// <summary>
/// One call: N participants (the caller first) sharing per-media bridges, plus the state of the
/// initial INVITE. Everything is guarded by <see cref="Gate"/>; SIP callbacks for the session lock it.
/// A group call would add participants (one dialog each) to the same session and bridges.
/// </summary>
internal sealed class CallSession
{
    public CallSession(string id, IServerRequest callerInvite, Participant caller, SessionMedia media)
    {
        Id = id;
        CallerInvite = callerInvite;
        Participants.Add(caller);
        Media = media;
    }

    public object Gate { get; } = new();
    public string Id { get; }
    public SessionState State { get; set; } = SessionState.Proceeding;
    public List<Participant> Participants { get; } = new();
    public Participant Caller => Participants[0];
    public SessionMedia Media { get; }
    public IServerRequest CallerInvite { get; }

    /// <summary>The callee side's Call-ID and our From-tag toward every callee branch.</summary>
    public string CalleeCallId { get; set; } = "";
    public string CalleeFromTag { get; set; } = "";
    public List<InviteBranch> Branches { get; } = new();
    public InviteBranch? Winner { get; set; }
    public ITimer? RingTimer { get; set; }
    public ITimer? MediaTimer { get; set; }
    public long LastRtpPackets { get; set; } = -1;
    public long LastMediaActivity { get; set; }
    public PendingModification? Pending { get; set; }
    /// <summary>Set when the appliance is the floor control server of this call (the caller offered a floor channel).</summary>
    public PrivateFloor? Floor { get; init; }

    public Participant? Other(Participant participant)
    {
        foreach (var p in Participants)
            if (!ReferenceEquals(p, participant)) return p;
        return null;
    }
}

/// <summary>
/// One INVITE we sent toward one registered contact. In a 1:1 call every fork invites the same callee
/// participant (first 2xx wins); a group call would give each member's branch its own participant.
/// </summary>
internal sealed class InviteBranch
{
    public InviteBranch(Participant participant, Binding binding, SipRequest invite)
    {
        Participant = participant;
        Binding = binding;
        Invite = invite;
    }

    public Participant Participant { get; }
    public Binding Binding { get; }
    public SipRequest Invite { get; }
    public IClientRequest? Transaction { get; set; }
    public SipResponse? Final { get; set; }
    public SipRequest? Ack { get; set; }
    public bool Done => Final is not null;
}

/// <summary>A re-INVITE or UPDATE with an offer from one participant, forwarded to another.</summary>
internal sealed record PendingModification(
    Participant From,
    IServerRequest Request,
    Participant To,
    string Method,
    uint ForwardedCSeq,
    AnchorPlan? PreviousPlan,
    bool PreviousOnHold,
    SessionDescription ForwardedOffer)
{
    public SipRequest? Ack { get; set; }
}
