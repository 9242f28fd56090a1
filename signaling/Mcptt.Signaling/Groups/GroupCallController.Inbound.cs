using System.Globalization;
using Mcptt.Floor.Sdp;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Groups;

/// <summary>A member's INVITE to the group URI: starts the group call, or joins the running one.</summary>
public sealed partial class GroupCallController
{
    private static readonly string AllowedMethods = string.Join(", ", SipServices.HandledMethods);

    private void OnGroupInvite(IServerRequest request, GroupDefinition group)
    {
        var invite = request.Request;
        if (invite.MaxForwards is 0)
        {
            Reject(request, 483, null, "failed");
            return;
        }
        var authorization = _authorizer.Authorize(request);
        if (!authorization.Accepted)
        {
            request.Respond(authorization.Refusal!);
            if (authorization.Challenged) return;
            _metrics.Result("forbidden");
            GroupLog.Rejected(_logger, invite.CallId ?? "?", 403, authorization.Refusal!.ReasonPhrase);
            return;
        }
        string user = authorization.Caller!;
        if (invite.From!.Tag is not { Length: > 0 })
        {
            Reject(request, 403, "Caller identity required", "forbidden");
            return;
        }
        if (!group.IsMember(user))
        {
            Reject(request, 403, "Not a group member", "forbidden", Warning(399, $"{user} is not a member of group {group.User}"));
            return;
        }
        var body = SdpBody.Read(invite);
        if (body.Kind != SdpBody.Kind.Sdp)
        {
            string why = body.Kind == SdpBody.Kind.None ? "INVITE without SDP offer is not supported" : $"Malformed SDP: {body.Error}";
            Reject(request, 488, null, "not_acceptable", Warning(399, why));
            return;
        }

        GroupSession? session;
        lock (_tablesGate) _byGroup.TryGetValue(group.User, out session);
        bool created = false;
        if (session is null)
        {
            // The offer decides the group codec, so check it before creating anything.
            var (first, rejection) = GroupSdp.Read(body.Sdp!, null);
            if (first is null)
            {
                Reject(request, 488, null, "not_acceptable", Warning(rejection.WarningCode, rejection.Text));
                return;
            }
            session = CreateSession(group, first.PayloadType, out created);
            if (session is null)
            {
                var busy = SipResponse.CreateFor(invite, 503, "Too many group calls", request.LocalTag);
                busy.Headers.Add(SipHeaderNames.RetryAfter, "5");
                request.Respond(busy);
                _metrics.Result("failed");
                return;
            }
        }

        lock (session.Gate)
        {
            if (session.Ended)
            {
                // Lost a race with the end of the call; the member simply calls again.
                var ending = SipResponse.CreateFor(invite, 480, "Group call ending", request.LocalTag);
                ending.Headers.Add(SipHeaderNames.RetryAfter, "1");
                request.Respond(ending);
                _metrics.Result("unavailable");
                return;
            }
            var existing = session.Find(user);
            if (existing is { State: MemberState.Answered or MemberState.Joined })
            {
                Reject(request, 486, "Already in the group call", "failed");
                if (created) End(session, "last_left");
                return;
            }
            // Calling in while our INVITE to this member is still ringing: take this dialog instead.
            if (existing is not null) Leave(session, existing, "superseded", sendBye: false);

            var (offer, rejection) = GroupSdp.Read(body.Sdp!, session.PayloadType);
            if (offer is null)
            {
                Reject(request, 488, null, "not_acceptable", Warning(rejection.WarningCode, rejection.Text));
                if (created) End(session, "last_left");
                return;
            }
            var member = new GroupMember(user, inbound: true, session.NewSsrc()) { InboundInvite = request };
            if (!AllocateLegs(session, member, withFloor: offer.Floor is not null))
            {
                FreeLegs(member);
                Reject(request, 503, "Media ports exhausted", "failed");
                if (created) End(session, "last_left");
                return;
            }
            _relay.SetRemote(member.AudioLeg!.Value, offer.Audio.RemoteRtp, offer.Audio.RemoteRtcp);
            if (offer.Floor is { } floorStream) _relay.SetRemote(member.FloorLeg!.Value, floorStream.RemoteRtp, null);
            member.Dialog = Dialog.ForServer(request);
            session.Members.Add(member);

            var answerFmtp = JoinFloor(session, member, offer);
            var sdp = GroupSdp.Answer(offer, _relay.MediaAddress, member.AudioLeg.Value, member.FloorLeg, answerFmtp, session.NextOrigin());
            member.LastSdpSent = sdp;
            var ok = InboundResponse(request, 200);
            SdpBody.Write(ok, sdp, invite);
            request.Respond(ok);
            member.State = MemberState.Answered;
            TrackInbound(session, member);
            _metrics.MembersJoined.Inc();
            _metrics.Result(created ? "started" : "joined");
            GroupLog.Joined(_logger, session.Id, user, offer.Legacy ? "legacy, by INVITE" : "by INVITE");

            if (created)
            {
                int invited = InviteOtherMembers(session, user);
                GroupLog.Started(_logger, session.Id, user, invited);
                // The floor machine starts when the originator has its 200 (TS 24.380 §6.3.5.1).
                session.Floor!.Start();
            }
        }
    }

    /// <summary>A new session registered for the group, or the one another thread registered first (then created is false).</summary>
    private GroupSession? CreateSession(GroupDefinition group, int payloadType, out bool created)
    {
        created = false;
        lock (_tablesGate)
        {
            if (_byGroup.TryGetValue(group.User, out var raced)) return raced;
            if (_byGroup.Count >= _options.MaxSessions) return null;
            long n = Interlocked.Increment(ref _sessionCounter);
            string id = $"{group.User}#{n.ToString(CultureInfo.InvariantCulture)}";
            var bridge = _relay.CreateBridge(BridgeMode.FloorHolderOnly);
            var origin = new SdpOrigin("mcptt", SessionIdFor(n), "1", "IN", "IP4", _relay.MediaAddress.ToString());
            var session = new GroupSession(group, id, bridge, payloadType, origin);
            session.Floor = _floor.CreateSession(bridge, FloorOptionsFor(session));
            session.Floor.InactivityTimeout += _ => OnInactivity(session);
            _byGroup.Add(group.User, session);
            created = true;
            return session;
        }
    }

    private string SessionIdFor(long n)
        => (_time.GetUtcNow().ToUnixTimeSeconds() * 1000 + n % 1000).ToString(CultureInfo.InvariantCulture);

    /// <summary>Audio leg (in the FloorHolderOnly bridge, with its own outgoing SSRC) and, when wanted, a diverted floor leg.</summary>
    private bool AllocateLegs(GroupSession session, GroupMember member, bool withFloor)
    {
        // Voice detection on every audio leg: whether a member is a legacy phone (talking = floor request, silence
        // = no media for T1) is known only from its answer, after the leg exists. Cheap: G.711 only, early exit.
        var audio = _relay.AllocateLeg(new LegOptions(LegKind.Media, SinglePort: false, LearnSource: true,
            Label: $"{session.Id}/{member.User}/audio", DetectVoice: true));
        if (audio is null) return false;
        member.AudioLeg = audio;
        _relay.Attach(session.Bridge, audio.Value, member.ServerSsrc);
        if (!withFloor) return true;
        var floor = _relay.AllocateLeg(new LegOptions(LegKind.Diverted, SinglePort: true, LearnSource: true, Label: $"{session.Id}/{member.User}/floor"));
        if (floor is null) return false;
        member.FloorLeg = floor;
        return true;
    }

    /// <summary>
    /// Adds an offering member to the floor session and returns the fmtp answer: mc_priority capped by the group
    /// policy, mc_queueing when the group queues, mc_implicit_request with mc_ssrc (the SSRC the relay uses toward
    /// the member), and mc_granted when the implicit request won the floor at once.
    /// </summary>
    private McpttFmtp? JoinFloor(GroupSession session, GroupMember member, MemberSdp offer)
    {
        var group = session.Group;
        string userId = $"sip:{member.User}@{_callOptions.Domain}";
        if (offer.Legacy)
        {
            _floor.AddParticipant(session.Floor!, new FloorParticipantOptions(member.User)
            {
                UserId = userId,
                LegacyNoFloorChannel = true,
                MaxPriority = group.PriorityOf(member.User),
            }, member.AudioLeg!.Value);
            member.InFloor = true;
            return null;
        }
        var offered = offer.Fmtp!;
        var policy = new McpttAnswerPolicy(group.Queueing, group.PriorityOf(member.User), FloorGrantedImmediately: false, Ssrc: member.ServerSsrc);
        var provisional = McpttFmtpNegotiation.Answer(offered, policy);
        var options = FloorParticipantOptions.FromAnswer(member.User, provisional, userId, group.PriorityOf(member.User)) with
        {
            // Floor Granted's SSRC field names the talker's own audio SSRC, which only the member's offer can tell.
            Ssrc = offered.Ssrc,
            MaxPriority = provisional.Priority ?? group.PriorityOf(member.User),
        };
        var join = _floor.AddParticipant(session.Floor!, options, member.AudioLeg!.Value, member.FloorLeg);
        member.InFloor = true;
        var answer = McpttFmtpNegotiation.Answer(offered, policy with { FloorGrantedImmediately = join == FloorJoinResult.Granted });
        member.Negotiated = answer;
        return answer;
    }

    private SipResponse InboundResponse(IServerRequest request, int status)
    {
        var response = SipResponse.CreateFor(request.Request, status, null, request.LocalTag);
        response.Headers.CopyFrom(request.Request.Headers, SipHeaderNames.RecordRoute);
        response.Headers.Add(SipHeaderNames.Contact, new NameAddr(_sip.CreateContactUri(request.Source)).ToString());
        response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        return response;
    }
}
