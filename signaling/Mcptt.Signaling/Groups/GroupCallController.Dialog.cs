using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Groups;

/// <summary>Requests inside a member's dialog: ACK, BYE (leave), re-INVITE/UPDATE (new addresses, same legs).</summary>
public sealed partial class GroupCallController
{
    private void OnInDialogRequest(GroupSession session, GroupMember member, IServerRequest request)
    {
        var sip = request.Request;
        lock (session.Gate)
        {
            if (member.State == MemberState.Left || member.Dialog is not { } dialog)
            {
                if (!sip.IsAck) request.Respond(SipResponse.CreateFor(sip, 481, null, request.LocalTag));
                return;
            }
            if (sip.IsAck)
            {
                if (member.State == MemberState.Answered && member.Inbound
                    && sip.CSeq?.Number == member.InboundInvite?.Request.CSeq?.Number)
                    member.State = MemberState.Joined;
                return;
            }
            uint cseq = sip.CSeq?.Number ?? 0;
            if (cseq <= dialog.RemoteCSeq)
            {
                // RFC 3261 §12.2.2: lower CSeq than already seen in this dialog.
                request.Respond(SipResponse.CreateFor(sip, 500, "CSeq out of order", request.LocalTag));
                return;
            }
            dialog.RemoteCSeq = cseq;
            switch (sip.Method)
            {
                case SipMethods.Bye:
                    request.Respond(SipResponse.CreateFor(sip, 200, null, request.LocalTag));
                    Leave(session, member, "bye", sendBye: false);
                    return;
                case SipMethods.Invite:
                case SipMethods.Update:
                    OnModify(session, member, request);
                    return;
                default:
                    request.Respond(SipResponse.CreateFor(sip, 501, null, request.LocalTag));
                    return;
            }
        }
    }

    /// <summary>
    /// A new offer from a member: its addresses move, its legs and floor negotiation stay (a floor channel cannot be
    /// added or dropped mid-call; the answer disables what has no leg). No offer: repeat our last description.
    /// </summary>
    private void OnModify(GroupSession session, GroupMember member, IServerRequest request)
    {
        var sip = request.Request;
        if (sip.Contacts is { Count: > 0 } contacts) member.Dialog!.RemoteTarget = contacts[0].Uri;
        var ok = SipResponse.CreateFor(sip, 200, null, request.LocalTag);
        ok.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(request.Source)).ToString());
        var body = SdpBody.Read(sip);
        if (body.Kind == SdpBody.Kind.None)
        {
            if (sip.IsInvite && member.LastSdpSent is { } last) SdpBody.Write(ok, last);
            request.Respond(ok);
            return;
        }
        var (offer, rejection) = body.Kind == SdpBody.Kind.Sdp
            ? GroupSdp.Read(body.Sdp!, session.PayloadType)
            : (null, new SdpRejection(399, $"Malformed SDP: {body.Error}"));
        if (offer is null)
        {
            // RFC 3264 §5: a rejected offer leaves the previous session in place.
            var refused = SipResponse.CreateFor(sip, 488, null, request.LocalTag);
            refused.Headers.Add(SipHeaderNames.Warning, Warning(rejection.WarningCode, rejection.Text));
            request.Respond(refused);
            return;
        }
        _relay.SetRemote(member.AudioLeg!.Value, offer.Audio.RemoteRtp, offer.Audio.RemoteRtcp);
        if (offer.Floor is { } floorStream && member.FloorLeg is { } floorLeg) _relay.SetRemote(floorLeg, floorStream.RemoteRtp, null);
        var negotiated = member.Negotiated is { } n ? n with { Granted = false, ImplicitRequest = false, Ssrc = null } : null;
        var answer = GroupSdp.Answer(offer, _relay.MediaAddress, member.AudioLeg.Value, member.FloorLeg, negotiated, session.NextOrigin());
        member.LastSdpSent = answer;
        SdpBody.Write(ok, answer, sip);
        request.Respond(ok);
    }
}
