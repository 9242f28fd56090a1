using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>Requests inside an established dialog: ACK, BYE, re-INVITE / UPDATE, and anything else.</summary>
public sealed partial class CallController
{
    private void OnInDialogRequest(CallSession session, Participant from, IServerRequest request)
    {
        var sip = request.Request;
        lock (session.Gate)
        {
            if (session.State == SessionState.Terminated)
            {
                if (!sip.IsAck) request.Respond(SipResponse.CreateFor(sip, 481, null, request.LocalTag));
                return;
            }
            if (sip.IsAck)
            {
                OnAck(session, from, sip);
                return;
            }
            var dialog = from.Dialog!;
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
                    if (session.State is SessionState.Proceeding or SessionState.Early)
                    {
                        // BYE before the call was answered (early dialog) ends the attempt.
                        foreach (var branch in session.Branches)
                            if (!branch.Done) branch.Transaction?.Cancel();
                        session.CallerInvite.Respond(CallerResponse(session, 487, null));
                        Terminate(session, CallResults.Cancelled);
                        return;
                    }
                    SendByeToAll(session, except: from);
                    Terminate(session, endReason: from.Role == ParticipantRole.Caller ? CallEndReasons.ByeFromCaller : CallEndReasons.ByeFromCallee);
                    return;
                case SipMethods.Invite:
                case SipMethods.Update:
                    OnModify(session, from, request);
                    return;
                default:
                    request.Respond(SipResponse.CreateFor(sip, 501, null, request.LocalTag));
                    return;
            }
        }
    }

    private static void OnAck(CallSession session, Participant from, SipRequest ack)
    {
        if (ReferenceEquals(from, session.Caller) && session.State == SessionState.Answered
            && ack.CSeq?.Number == session.CallerInvite.Request.CSeq?.Number)
        {
            session.State = SessionState.Confirmed;
        }
        // ACKs for re-INVITE 2xx need nothing: we already ACKed the other side ourselves.
    }

    /// <summary>re-INVITE or UPDATE: re-anchor the offer, forward it to the other party, relay its answer back.</summary>
    private void OnModify(CallSession session, Participant from, IServerRequest request)
    {
        var sip = request.Request;
        if (session.State is not (SessionState.Answered or SessionState.Confirmed) && sip.IsInvite)
        {
            request.Respond(SipResponse.CreateFor(sip, 491, null, request.LocalTag));
            return;
        }
        if (session.Pending is not null)
        {
            request.Respond(SipResponse.CreateFor(sip, 491, null, request.LocalTag));
            return;
        }
        if (sip.Contacts is { Count: > 0 } contacts) from.Dialog!.RemoteTarget = contacts[0].Uri;
        var body = SdpBody.Read(sip);
        if (body.Kind == SdpBody.Kind.None)
        {
            // Session refresh without an offer: repeat the description we gave this party.
            var refresh = SipResponse.CreateFor(sip, 200, null, request.LocalTag);
            refresh.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(request.Source)).ToString());
            if (sip.IsInvite && from.LastSdpSent is { } last) SdpBody.Write(refresh, last);
            request.Respond(refresh);
            return;
        }
        if (body.Kind == SdpBody.Kind.Malformed)
        {
            RejectModify(request, Warning(399, $"Malformed SDP: {body.Error}"));
            return;
        }
        var assessment = SdpAnchor.Assess(body.Sdp!);
        if (!assessment.Ok)
        {
            RejectModify(request, Warning(assessment.WarningCode, assessment.Reason));
            return;
        }
        var plan = ForCall(session, assessment.Plan);
        if (!session.Media.EnsureLegs(plan, session.Participants))
        {
            request.Respond(SipResponse.CreateFor(sip, 503, "Media ports exhausted", request.LocalTag));
            return;
        }
        var to = session.Other(from);
        if (to?.Dialog is not { } toDialog)
        {
            request.Respond(SipResponse.CreateFor(sip, 491, null, request.LocalTag));
            return;
        }
        var (previousPlan, previousOnHold) = (from.Plan, from.OnHold);
        from.SetMedia(body.Sdp!, plan);
        session.Media.ApplyRemote(from);
        var offer = SdpAnchor.Apply(body.Sdp!, plan, session.Media.Address, to.Legs);
        if (session.Floor is not null) WriteFloorLineTo(session, to, offer, body.Sdp!);
        var forwarded = toDialog.CreateRequest(sip.Method, _sip);
        SdpBody.Write(forwarded, offer, sip);
        var pending = new PendingModification(from, request, to, sip.Method, toDialog.LocalCSeq, previousPlan, previousOnHold, offer);
        session.Pending = pending;
        CallLog.Reinvited(_logger, session.Id, from.Role.ToString());
        _sip.SendRequest(forwarded, toDialog.Flow, response => OnModifyResponse(session, pending, response));
    }

    private void RejectModify(IServerRequest request, string warning)
    {
        var response = SipResponse.CreateFor(request.Request, 488, null, request.LocalTag);
        response.Headers.Add(SipHeaderNames.Warning, warning);
        request.Respond(response);
    }

    private void OnModifyResponse(CallSession session, PendingModification pending, SipResponse response)
    {
        if (response.IsProvisional) return;
        lock (session.Gate)
        {
            var toDialog = pending.To.Dialog!;
            if (response.IsSuccess && pending.Method == SipMethods.Invite)
            {
                // ACK every 2xx (also retransmissions, and after the call ended) so the other side stops resending.
                pending.Ack ??= toDialog.CreateAck(pending.ForwardedCSeq, _sip);
                _sip.SendAck(pending.Ack, toDialog.Flow);
            }
            if (!ReferenceEquals(session.Pending, pending) || session.State == SessionState.Terminated) return;
            session.Pending = null;
            var request = pending.Request;
            if (!response.IsSuccess)
            {
                // RFC 3264 §5: a rejected offer leaves the previous session in place.
                pending.From.SetMedia(pending.PreviousPlan, pending.PreviousOnHold);
                session.Media.ApplyRemote(pending.From);
                var failure = SipResponse.CreateFor(request.Request, response.StatusCode, response.ReasonPhrase, request.LocalTag);
                failure.Headers.CopyFrom(response.Headers, SipHeaderNames.Warning);
                request.Respond(failure);
                if (response.StatusCode is 481 or 408)
                {
                    // The other dialog is gone (RFC 3261 §12.2.1.2): end the call on both sides.
                    SendByeToAll(session, except: pending.To);
                    Terminate(session, endReason: pending.From.Role == ParticipantRole.Caller ? CallEndReasons.ByeFromCallee : CallEndReasons.ByeFromCaller);
                }
                return;
            }
            if (response.Contacts is { Count: > 0 } contacts) toDialog.RemoteTarget = contacts[0].Uri;
            pending.To.LastSdpSent = pending.ForwardedOffer;
            var ok = SipResponse.CreateFor(request.Request, 200, response.ReasonPhrase, request.LocalTag);
            ok.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(request.Source)).ToString());
            var body = SdpBody.Read(response);
            if (body.Kind == SdpBody.Kind.Sdp)
            {
                var plan = ForCall(session, PlanOrDisabled(body.Sdp!));
                pending.To.SetMedia(body.Sdp!, plan);
                session.Media.ApplyRemote(pending.To);
                var anchored = SdpAnchor.Apply(body.Sdp!, plan, session.Media.Address, pending.From.Legs);
                if (session.Floor is { } floor && pending.From.Plan is { } fromPlan
                    && floor.FloorIndex < fromPlan.Streams.Count && fromPlan.Streams[floor.FloorIndex] is not null)
                {
                    // The offerer kept its floor line: we, the floor server, answer it (not the other party).
                    WriteFloorLineTo(session, pending.From, anchored, pending.ForwardedOffer);
                }
                SdpBody.Write(ok, anchored, response);
                pending.From.LastSdpSent = anchored;
            }
            request.Respond(ok);
        }
    }

    /// <summary>
    /// In a floor-controlled call the floor line toward <paramref name="to"/> is ours: its floor leg with the parameters
    /// negotiated at setup (no implicit request mid-call; a floor channel is neither added nor dropped mid-call), or
    /// port 0 for a legacy callee.
    /// </summary>
    private static void WriteFloorLineTo(CallSession session, Participant to, SessionDescription sdp, SessionDescription template)
    {
        var floor = session.Floor!;
        if (floor.FloorIndex >= template.Media.Count) return;
        bool hasChannel = !(to.Role == ParticipantRole.Callee && floor.CalleeLegacy);
        PrivateFloorSdp.WriteFloorLine(sdp, floor.FloorIndex, hasChannel ? to.LegAt(floor.FloorIndex) : null, session.Media.Address,
            floor.MidCallFmtp(to.Role), template);
    }
}
