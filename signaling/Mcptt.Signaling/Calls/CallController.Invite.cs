using System.Globalization;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>Call setup: the caller's INVITE, the forks toward the callee and their responses.</summary>
public sealed partial class CallController
{
    /// <summary>Headers of the caller's INVITE worth carrying to the callee (MCPTT feature tags, priority).</summary>
    private static readonly string[] ForwardedHeaders =
    {
        SipHeaderNames.Subject, SipHeaderNames.AcceptContact, "P-Preferred-Service", "Priority", "Resource-Priority",
    };

    private static readonly string AllowedMethods = string.Join(", ", SipServices.HandledMethods);

    private void OnInitialInvite(IServerRequest request)
    {
        var invite = request.Request;
        string callId = invite.CallId ?? "?";
        if (invite.MaxForwards is 0)
        {
            Reject(request, 483, null, CallResults.Failed);
            return;
        }
        var authorization = _authorizer.Authorize(request);
        if (!authorization.Accepted)
        {
            Refuse(request, authorization);
            return;
        }
        string callerUser = authorization.Caller!;
        if (ActiveCalls >= _options.MaxCalls)
        {
            var busy = SipResponse.CreateFor(invite, 503, "Too many calls", request.LocalTag);
            busy.Headers.Add(SipHeaderNames.RetryAfter, "5");
            request.Respond(busy);
            _metrics.Result(CallResults.Failed);
            return;
        }
        // 100 Trying was sent by the stack when it accepted the INVITE (SipStackOptions.SendTryingForInvite).

        // No From tag is RFC 2543 syntax (RFC 4475 §3.4.1): still a call; its dialog is keyed with an empty tag.
        if (invite.RequestUri is not SipUri { User.Length: > 0 } target || !_registrar.Options.IsOurHost(target.Host))
        {
            Reject(request, 404, null, CallResults.NotFound);
            return;
        }
        string calleeUser = target.User;
        var bindings = _registrar.Lookup(calleeUser);
        if (bindings.Count == 0)
        {
            bool known = _auth.IsKnownUser(calleeUser);
            Reject(request, known ? 480 : 404, null, known ? CallResults.Unavailable : CallResults.NotFound);
            return;
        }

        var body = SdpBody.Read(invite);
        if (body.Kind != SdpBody.Kind.Sdp)
        {
            string why = body.Kind == SdpBody.Kind.None ? "INVITE without SDP offer is not supported" : $"Malformed SDP: {body.Error}";
            Reject(request, 488, null, CallResults.NotAcceptable, Warning(399, why));
            return;
        }
        var offer = body.Sdp!;
        var assessment = SdpAnchor.Assess(offer);
        if (!assessment.Ok)
        {
            Reject(request, 488, null, CallResults.NotAcceptable, Warning(assessment.WarningCode, assessment.Reason));
            return;
        }

        var plan = assessment.Plan;
        var floor = FloorFor(offer, callerUser, calleeUser, ref plan, out string? floorError);
        if (floorError is not null)
        {
            Reject(request, 488, null, CallResults.NotAcceptable, Warning(399, floorError));
            return;
        }

        var caller = new Participant(ParticipantRole.Caller, callerUser);
        caller.SetMedia(offer, plan);
        var callee = new Participant(ParticipantRole.Callee, calleeUser);
        var media = floor is null
            ? new SessionMedia(_relay, BridgeMode.AllToOthers, callId)
            : new SessionMedia(_relay, BridgeMode.FloorHolderOnly, callId, floor.FloorIndex);
        var session = new CallSession(callId, request, caller, media) { Floor = floor };
        session.Participants.Add(callee);
        caller.Dialog = Dialog.ForServer(request);
        session.CalleeCallId = SipIds.NewCallId(_options.Domain);
        session.CalleeFromTag = SipIds.NewTag();

        lock (session.Gate)
        {
            if (!session.Media.EnsureLegs(plan, session.Participants))
            {
                session.Media.FreeAll(session.Participants);
                CallLog.PortsExhausted(_logger, callId);
                Reject(request, 503, "Media ports exhausted", CallResults.Failed);
                return;
            }
            session.Media.ApplyRemote(caller);
            var calleeOffer = SdpAnchor.Apply(offer, plan, session.Media.Address, callee.Legs);
            if (floor is not null)
                PrivateFloorSdp.WriteFloorLine(calleeOffer, floor.FloorIndex, callee.LegAt(floor.FloorIndex), session.Media.Address, floor.CalleeOffer, offer);
            callee.LastSdpSent = calleeOffer;
            Track(session);

            var targets = _options.ForkToAllContacts ? bindings : new[] { bindings[0] };
            foreach (var binding in targets)
            {
                var branch = new InviteBranch(callee, binding, CalleeInvite(session, invite, binding, calleeOffer));
                session.Branches.Add(branch);
            }
            CallLog.Started(_logger, callId, callerUser, calleeUser, session.Branches.Count);
            foreach (var branch in session.Branches)
            {
                var current = branch;
                branch.Transaction = _sip.SendRequest(branch.Invite, branch.Binding.Flow, response => OnBranchResponse(session, current, response));
            }
            session.RingTimer = _time.CreateTimer(_ => OnRingTimeout(session), null, _options.RingTimeout, Timeout.InfiniteTimeSpan);
        }
        // Outside the lock: Register runs the callback at once when the CANCEL already arrived.
        request.Cancelled.Register(() => OnCallerCancelled(session));
    }

    /// <summary>The authorizer's 407 (no outcome yet: the caller answers it) or 403 (counted as forbidden).</summary>
    private void Refuse(IServerRequest request, InviteAuthorization authorization)
    {
        var refusal = authorization.Refusal!;
        request.Respond(refusal);
        if (authorization.Challenged) return;
        _metrics.Result(CallResults.Forbidden);
        CallLog.Rejected(_logger, request.Request.CallId ?? "?", refusal.StatusCode, refusal.ReasonPhrase);
    }

    private SipRequest CalleeInvite(CallSession session, SipRequest original, Binding binding, SessionDescription offer)
    {
        var from = new NameAddr(new SipUri(_options.Domain, session.Caller.User), original.From!.DisplayName);
        from.Tag = session.CalleeFromTag;
        var to = new NameAddr(new SipUri(_options.Domain, binding.User), original.To?.DisplayName);
        // A new request, not a copy: the callee sees only our identifiers (the stack adds our Via).
        var request = new SipRequest(SipMethods.Invite, binding.Contact.Clone());
        int maxForwards = Math.Min(70, (original.MaxForwards ?? 70) - 1);
        request.Headers.Add(SipHeaderNames.MaxForwards, maxForwards.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, to.ToString());
        request.Headers.Add(SipHeaderNames.CallId, session.CalleeCallId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeq(1, SipMethods.Invite).ToString());
        request.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(binding.Flow)).ToString());
        request.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        foreach (var name in ForwardedHeaders)
            request.Headers.CopyFrom(original.Headers, name);
        SdpBody.Write(request, offer, original);
        return request;
    }

    private void OnBranchResponse(CallSession session, InviteBranch branch, SipResponse response)
    {
        if (response.StatusCode == 100) return;
        lock (session.Gate)
        {
            if (response.IsSuccess)
            {
                OnBranchSuccess(session, branch, response);
                return;
            }
            if (session.State == SessionState.Terminated || session.Winner is not null) return;
            if (response.IsProvisional)
            {
                RelayProvisional(session, branch, response);
                return;
            }
            branch.Final = response;
            if (session.Branches.TrueForAll(b => b.Done)) FailCall(session);
        }
    }

    private void RelayProvisional(CallSession session, InviteBranch branch, SipResponse response)
    {
        var caller = session.Caller;
        var relayed = CallerResponse(session, response.StatusCode, response.ReasonPhrase);
        var body = SdpBody.Read(response);
        if (body.Kind == SdpBody.Kind.Sdp)
        {
            var callee = branch.Participant;
            var plan = ForCall(session, PlanOrDisabled(body.Sdp!));
            callee.SetMedia(body.Sdp!, plan);
            session.Media.ApplyRemote(callee);
            var anchored = SdpAnchor.Apply(body.Sdp!, plan, session.Media.Address, caller.Legs);
            if (session.Floor is { } floor)
                WriteCallerFloorLine(session, anchored, CallerAnswerFmtp(floor, granted: false));
            SdpBody.Write(relayed, anchored, response);
            caller.LastSdpSent = anchored;
        }
        session.State = SessionState.Early;
        session.CallerInvite.Respond(relayed);
    }

    private void OnBranchSuccess(CallSession session, InviteBranch branch, SipResponse response)
    {
        if (ReferenceEquals(session.Winner, branch))
        {
            // 2xx retransmission: our ACK was lost.
            if (branch.Ack is not null) _sip.SendAck(branch.Ack, branch.Binding.Flow);
            return;
        }
        var dialog = CalleeDialog(session, branch, response);
        var ack = dialog.CreateAck(1, _sip);
        _sip.SendAck(ack, dialog.Flow);
        if (session.State == SessionState.Terminated || session.Winner is not null || session.CallerInvite.Cancelled.IsCancellationRequested)
        {
            // Lost the race (another fork answered, or the caller gave up): confirm and hang up that dialog.
            _sip.SendRequest(dialog.CreateRequest(SipMethods.Bye, _sip), dialog.Flow, static _ => { });
            return;
        }
        session.Winner = branch;
        branch.Ack = ack;
        branch.Final = response;
        session.RingTimer?.Dispose();
        foreach (var other in session.Branches)
            if (!ReferenceEquals(other, branch) && !other.Done) other.Transaction?.Cancel();

        var callee = branch.Participant;
        callee.Dialog = dialog;
        var body = SdpBody.Read(response);
        if (body.Kind != SdpBody.Kind.Sdp)
        {
            // An answer is mandatory in the 2xx to an offer (RFC 3264 §4); without it we cannot relay.
            _sip.SendRequest(dialog.CreateRequest(SipMethods.Bye, _sip), dialog.Flow, static _ => { });
            var failed = CallerResponse(session, 502, "Callee answered without SDP");
            session.CallerInvite.Respond(failed);
            Terminate(session, CallResults.Failed);
            return;
        }
        var plan = ForCall(session, PlanOrDisabled(body.Sdp!));
        callee.SetMedia(body.Sdp!, plan);
        session.Media.ApplyRemote(callee);
        var anchored = SdpAnchor.Apply(body.Sdp!, plan, session.Media.Address, session.Caller.Legs);
        if (session.Floor is not null)
            WriteCallerFloorLine(session, anchored, StartFloorSession(session, body.Sdp!));
        session.Caller.LastSdpSent = anchored;
        var ok = CallerResponse(session, response.StatusCode, response.ReasonPhrase);
        SdpBody.Write(ok, anchored, response);
        if (!session.CallerInvite.Respond(ok))
        {
            // The caller's transaction already ended (a CANCEL won the race): hang up the callee.
            _sip.SendRequest(dialog.CreateRequest(SipMethods.Bye, _sip), dialog.Flow, static _ => { });
            Terminate(session, CallResults.Cancelled);
            return;
        }
        session.State = SessionState.Answered;
        _metrics.Result(CallResults.Answered);
        CallLog.Answered(_logger, session.Id);
        StartFloor(session);
        StartMediaWatch(session);
    }

    private Dialog CalleeDialog(CallSession session, InviteBranch branch, SipResponse response)
    {
        var localUri = NameAddr.Parse(branch.Invite.Headers.Get(SipHeaderNames.From)!);
        localUri.Tag = null;
        var remoteUri = NameAddr.Parse(branch.Invite.Headers.Get(SipHeaderNames.To)!);
        var contacts = response.Contacts;
        var dialog = new Dialog(session.CalleeCallId, session.CalleeFromTag, localUri, remoteUri,
            contacts.Count > 0 ? contacts[0].Uri : branch.Binding.Contact, branch.Binding.Flow)
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

    /// <summary>Every fork failed: pass the best final response back (RFC 3261 §16.7 step 6, simplified).</summary>
    private void FailCall(CallSession session)
    {
        SipResponse? best = null;
        foreach (var branch in session.Branches)
        {
            var final = branch.Final!;
            if (best is null || Rank(final.StatusCode) < Rank(best.StatusCode)) best = final;
        }
        int status = best!.StatusCode;
        string? reason = best.ReasonPhrase;
        if (status is 401 or 407)
        {
            // The callee challenged us; the caller cannot answer that challenge for us.
            (status, reason) = (403, "Callee requires authentication");
        }
        else if (status is >= 300 and < 400)
        {
            // Passing a redirect on would send the caller around the relay.
            (status, reason) = (480, "Callee redirected");
        }
        var response = CallerResponse(session, status, reason);
        foreach (var name in new[] { SipHeaderNames.Warning, SipHeaderNames.RetryAfter, SipHeaderNames.Reason })
            response.Headers.CopyFrom(best.Headers, name);
        session.CallerInvite.Respond(response);
        CallLog.Rejected(_logger, session.Id, status, reason ?? "");
        Terminate(session, CallResults.ForStatus(status));

        static int Rank(int status) => status switch
        {
            >= 600 => 0,
            486 or 603 => 1,
            408 => 9,
            503 => 8,
            _ => 5,
        };
    }

    private void OnRingTimeout(CallSession session)
    {
        lock (session.Gate)
        {
            if (session.State is not (SessionState.Proceeding or SessionState.Early) || session.Winner is not null) return;
            foreach (var branch in session.Branches)
                if (!branch.Done) branch.Transaction?.Cancel();
            session.CallerInvite.Respond(CallerResponse(session, 480, "No Answer"));
            CallLog.Rejected(_logger, session.Id, 480, "ring timeout");
            Terminate(session, CallResults.NoAnswer);
        }
    }

    private void OnCallerCancelled(CallSession session)
    {
        lock (session.Gate)
        {
            if (session.State is not (SessionState.Proceeding or SessionState.Early) || session.Winner is not null) return;
            foreach (var branch in session.Branches)
                if (!branch.Done) branch.Transaction?.Cancel();
            Terminate(session, CallResults.Cancelled);
        }
    }

    /// <summary>A response to the caller's INVITE; dialog-creating ones carry our Contact and the Record-Route.</summary>
    private SipResponse CallerResponse(CallSession session, int status, string? reason)
    {
        var invite = session.CallerInvite;
        var response = SipResponse.CreateFor(invite.Request, status, reason, invite.LocalTag);
        if (status is > 100 and < 300)
        {
            response.Headers.CopyFrom(invite.Request.Headers, SipHeaderNames.RecordRoute);
            response.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(invite.Source)).ToString());
            if (status >= 200) response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        }
        return response;
    }

    private void Reject(IServerRequest request, int status, string? reason, string result, string? warning = null)
    {
        var response = SipResponse.CreateFor(request.Request, status, reason, request.LocalTag);
        if (warning is not null) response.Headers.Add(SipHeaderNames.Warning, warning);
        request.Respond(response);
        _metrics.Result(result);
        CallLog.Rejected(_logger, request.Request.CallId ?? "?", status, reason ?? warning ?? SipReasonPhrases.For(status));
    }

    /// <summary>The plan of an answer; an answer we cannot relay becomes "every stream disabled" rather than a failure.</summary>
    private static AnchorPlan PlanOrDisabled(SessionDescription sdp)
    {
        var assessment = SdpAnchor.Assess(sdp);
        return assessment.Ok ? assessment.Plan : new AnchorPlan(new AnchorStream?[sdp.Media.Count]);
    }
}
