using System.Globalization;
using Mcptt.Floor.Sdp;
using Mcptt.Floor.Server;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Groups;

/// <summary>The controlling function's INVITEs to the other members, and their answers.</summary>
public sealed partial class GroupCallController
{
    /// <summary>INVITEs every registered member except <paramref name="originator"/> (most recent contact each). Under the session lock.</summary>
    private int InviteOtherMembers(GroupSession session, string originator)
    {
        int invited = 0;
        foreach (var user in session.Group.Members)
        {
            if (user == originator || session.Find(user) is not null) continue;
            var bindings = _registrar.Lookup(user);
            if (bindings.Count == 0) continue;
            if (InviteMember(session, user, bindings[0])) invited++;
        }
        return invited;
    }

    private bool InviteMember(GroupSession session, string user, Binding binding)
    {
        var member = new GroupMember(user, inbound: false, session.NewSsrc()) { Binding = binding };
        if (!AllocateLegs(session, member, withFloor: true))
        {
            FreeLegs(member);
            return false;
        }
        var group = session.Group;
        member.FloorOffer = new McpttFmtp { Queueing = group.Queueing, Priority = group.PriorityOf(user) };
        var offer = GroupSdp.Offer(_relay.MediaAddress, member.AudioLeg!.Value, member.FloorLeg!.Value, session.PayloadType,
            member.FloorOffer, session.NextOrigin(), group.User);
        member.LastSdpSent = offer;

        string callId = SipIds.NewCallId(_callOptions.Domain);
        var from = new NameAddr(new SipUri(_callOptions.Domain, group.User), null) { Tag = SipIds.NewTag() };
        var to = new NameAddr(new SipUri(_callOptions.Domain, user), null);
        var invite = new SipRequest(SipMethods.Invite, binding.Contact.Clone());
        invite.Headers.Add(SipHeaderNames.MaxForwards, "70");
        invite.Headers.Add(SipHeaderNames.From, from.ToString());
        invite.Headers.Add(SipHeaderNames.To, to.ToString());
        invite.Headers.Add(SipHeaderNames.CallId, callId);
        invite.Headers.Add(SipHeaderNames.CSeq, new CSeq(1, SipMethods.Invite).ToString());
        invite.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(binding.Flow)).ToString());
        invite.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        invite.Headers.Add(SipHeaderNames.Subject, $"Group call {group.User}");
        SdpBody.Write(invite, offer);
        member.OutboundInvite = invite;
        member.State = MemberState.Inviting;
        session.Members.Add(member);
        TrackOutbound(session, member, callId);
        member.Transaction = _sip.SendRequest(invite, binding.Flow, response => OnMemberResponse(session, member, response));
        member.RingTimer = _time.CreateTimer(_ => OnMemberRingTimeout(session, member), null, _options.MemberRingTimeout, Timeout.InfiniteTimeSpan);
        return true;
    }

    private void OnMemberRingTimeout(GroupSession session, GroupMember member)
    {
        lock (session.Gate)
        {
            if (member.State == MemberState.Inviting) Leave(session, member, "no_answer", sendBye: false);
        }
    }

    private void OnMemberResponse(GroupSession session, GroupMember member, SipResponse response)
    {
        if (response.IsProvisional) return;
        lock (session.Gate)
        {
            if (!response.IsSuccess)
            {
                if (member.State == MemberState.Inviting) Leave(session, member, $"declined {response.StatusCode.ToString(CultureInfo.InvariantCulture)}", sendBye: false);
                return;
            }
            if (member.Ack is not null)
            {
                // 2xx retransmission: our ACK was lost.
                _sip.SendAck(member.Ack, member.Dialog!.Flow);
                return;
            }
            var dialog = OutboundDialog(member, response);
            var ack = dialog.CreateAck(1, _sip);
            _sip.SendAck(ack, dialog.Flow);
            if (member.State != MemberState.Inviting || session.Ended)
            {
                // Answered after we gave up on it (ring timeout, call ended): confirm and hang up that dialog.
                _sip.SendRequest(dialog.CreateRequest(SipMethods.Bye, _sip), dialog.Flow, static _ => { });
                return;
            }
            member.Ack = ack;
            member.Dialog = dialog;
            member.RingTimer?.Dispose();
            var body = SdpBody.Read(response);
            var (answer, _) = body.Kind == SdpBody.Kind.Sdp ? GroupSdp.Read(body.Sdp!, session.PayloadType) : (null, default);
            if (answer is null)
            {
                // No usable answer to our offer (RFC 3264 §4): nothing to relay to this member.
                member.State = MemberState.Answered;
                Leave(session, member, "unusable answer", sendBye: true);
                return;
            }
            _relay.SetRemote(member.AudioLeg!.Value, answer.Audio.RemoteRtp, answer.Audio.RemoteRtcp);
            if (answer.Floor is { } floorStream) _relay.SetRemote(member.FloorLeg!.Value, floorStream.RemoteRtp, null);
            else if (member.FloorLeg is { } unused)
            {
                // A phone without MCPTT floor control rejected the floor channel: it takes part as a legacy member.
                _relay.FreeLeg(unused);
                member.FloorLeg = null;
            }
            JoinInvitedMember(session, member, answer);
            member.State = MemberState.Joined;
            _metrics.MembersJoined.Inc();
            GroupLog.Joined(_logger, session.Id, member.User, answer.Legacy ? "legacy, invited" : "invited");
        }
    }

    private void JoinInvitedMember(GroupSession session, GroupMember member, MemberSdp answer)
    {
        var offered = member.FloorOffer!;
        if (!answer.Legacy) member.Negotiated = McpttFmtpNegotiation.Narrow(offered, answer.Fmtp!);
        var options = FloorParticipantOptions.ForInvitee(member.User, $"sip:{member.User}@{_callOptions.Domain}", offered,
            answer.Legacy ? null : member.Negotiated);
        _floor.AddParticipant(session.Floor!, options, member.AudioLeg!.Value, member.FloorLeg);
        member.InFloor = true;
    }

    private static Dialog OutboundDialog(GroupMember member, SipResponse response)
    {
        var invite = member.OutboundInvite!;
        var from = NameAddr.Parse(invite.Headers.Get(SipHeaderNames.From)!);
        string localTag = from.Tag!;
        from.Tag = null;
        var to = NameAddr.Parse(invite.Headers.Get(SipHeaderNames.To)!);
        var contacts = response.Contacts;
        var dialog = new Dialog(invite.CallId!, localTag, from, to, contacts.Count > 0 ? contacts[0].Uri : member.Binding!.Contact, member.Binding!.Flow)
        {
            RemoteTag = response.To?.Tag,
            LocalCSeq = 1,
        };
        // UAC: the route set is the Record-Route list reversed (RFC 3261 §12.1.2).
        var recordRoutes = response.Headers.GetValues(SipHeaderNames.RecordRoute);
        recordRoutes.Reverse();
        dialog.RouteSet.AddRange(recordRoutes);
        return dialog;
    }
}
