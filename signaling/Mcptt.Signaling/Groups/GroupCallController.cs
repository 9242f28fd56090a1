using Mcptt.Floor.Binding;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Groups;

/// <summary>
/// Pre-arranged group calls (TS 24.379 §10.1.1; the server acts as the controlling function). A member's INVITE
/// to a group URI starts the call: the member gets 200 at once (unconfirmed-indication style, so the talker can
/// start before anyone else answered), every other registered member is INVITEd, and each one that answers joins
/// the floor session. A member INVITE while the call runs joins it. The call ends when the last connected member
/// leaves or when the floor stays idle for T4. Entry points: <see cref="TryHandle"/>, <see cref="OnAckTimeout"/>.
/// </summary>
public sealed partial class GroupCallController : IDisposable
{
    private readonly GroupCallOptions _options;
    private readonly CallOptions _callOptions;
    private readonly InviteAuthorizer _authorizer;
    private readonly Registrar.Registrar _registrar;
    private readonly IRelayControl _relay;
    private readonly RelayFloorBinding _floor;
    private readonly ISipOutbound _sip;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GroupMetrics _metrics;
    private readonly object _tablesGate = new();
    private readonly Dictionary<string, GroupSession> _byGroup = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Dialogs the member created by INVITEing the group: (Call-ID, member's tag).</summary>
    private readonly Dictionary<(string CallId, string Tag), (GroupSession Session, GroupMember Member)> _inbound = new();
    /// <summary>Dialogs we created by INVITEing a member: our Call-ID is unique per member.</summary>
    private readonly Dictionary<string, (GroupSession Session, GroupMember Member)> _outbound = new(StringComparer.Ordinal);
    private long _sessionCounter;

    /// <param name="gate">Digest authentication of INVITEs, the same gate as private calls and the registrar.</param>
    public GroupCallController(GroupCallOptions options, CallOptions callOptions, DigestGate gate,
        Registrar.Registrar registrar, IRelayControl relay, RelayFloorBinding floor, ISipOutbound sip, MetricsRegistry metrics,
        TimeProvider? time = null, ILogger<GroupCallController>? logger = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid group configuration: " + string.Join(" ", errors), nameof(options));
        _options = options;
        _callOptions = callOptions;
        _authorizer = new InviteAuthorizer(gate, registrar, callOptions.RequireRegisteredCaller);
        _registrar = registrar;
        _relay = relay;
        _floor = floor;
        _sip = sip;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _metrics = new GroupMetrics(metrics, () => ActiveSessions);
    }

    public int ActiveSessions
    {
        get { lock (_tablesGate) return _byGroup.Count; }
    }

    /// <summary>True when the group call of <paramref name="groupUser"/> is running.</summary>
    public bool IsActive(string groupUser)
    {
        lock (_tablesGate) return _byGroup.ContainsKey(groupUser);
    }

    /// <summary>
    /// Handles the request when it is an INVITE to a configured group URI or a request inside a group call's
    /// dialog; false (untouched) otherwise, so the caller passes it on to 1:1 call control.
    /// </summary>
    public bool TryHandle(IServerRequest request)
    {
        var sip = request.Request;
        if (sip.IsInvite && sip.To?.Tag is null)
        {
            if (sip.RequestUri is not SipUri { User.Length: > 0 } target || !_registrar.Options.IsOurHost(target.Host)) return false;
            var group = _options.Find(target.User);
            if (group is null) return false;
            Guard(sip, () => OnGroupInvite(request, group));
            return true;
        }
        var found = Find(sip);
        if (found is null) return false;
        Guard(sip, () => OnInDialogRequest(found.Value.Session, found.Value.Member, request));
        return true;

        void Guard(SipRequest r, Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A bug must cost one request, not the transport thread.
                GroupLog.HandlerFailed(_logger, r.CallId ?? "?", ex);
                if (!r.IsAck) request.Respond(SipResponse.CreateFor(r, 500, "Internal error", request.LocalTag));
            }
        }
    }

    /// <summary>A member never ACKed our 2xx: it is not in the call (RFC 3261 §13.3.1.4). True when it was ours.</summary>
    public bool OnAckTimeout(IServerRequest invite)
    {
        var found = Find(invite.Request);
        if (found is null) return false;
        var (session, member) = found.Value;
        lock (session.Gate)
        {
            if (member.State == MemberState.Answered) Leave(session, member, "ack_timeout", sendBye: true);
        }
        return true;
    }

    public void Dispose()
    {
        List<GroupSession> sessions;
        lock (_tablesGate) sessions = _byGroup.Values.ToList();
        foreach (var session in sessions)
            lock (session.Gate) End(session, "shutdown");
    }

    /// <summary>The running call of a group (tests and diagnostics).</summary>
    internal GroupSession? SessionOf(string groupUser)
    {
        lock (_tablesGate) return _byGroup.GetValueOrDefault(groupUser);
    }

    private (GroupSession Session, GroupMember Member)? Find(SipRequest request)
    {
        if (request.CallId is not { } callId) return null;
        lock (_tablesGate)
        {
            if (_outbound.TryGetValue(callId, out var o)) return o;
            if (request.From?.Tag is { } tag && _inbound.TryGetValue((callId, tag), out var i)) return i;
        }
        return null;
    }

    private void TrackInbound(GroupSession session, GroupMember member)
    {
        lock (_tablesGate) _inbound[(member.Dialog!.CallId, member.Dialog.RemoteTag!)] = (session, member);
    }

    private void TrackOutbound(GroupSession session, GroupMember member, string callId)
    {
        lock (_tablesGate) _outbound[callId] = (session, member);
    }

    private void Untrack(GroupMember member)
    {
        lock (_tablesGate)
        {
            if (member.Inbound)
            {
                if (member.Dialog is { RemoteTag: { } tag } d) _inbound.Remove((d.CallId, tag));
            }
            else if (member.OutboundInvite?.CallId is { } callId)
            {
                _outbound.Remove(callId);
            }
        }
    }

    /// <summary>Takes the member out of the floor session and the bridge and frees its legs. Under the session lock.</summary>
    private void Leave(GroupSession session, GroupMember member, string reason, bool sendBye)
    {
        if (member.State == MemberState.Left) return;
        bool wasConnected = member.State is MemberState.Joined or MemberState.Answered;
        if (member.State == MemberState.Inviting) member.Transaction?.Cancel();
        else if (sendBye && member.Dialog is { } dialog) _sip.SendRequest(dialog.CreateRequest(SipMethods.Bye, _sip), dialog.Flow, static _ => { });
        member.State = MemberState.Left;
        member.RingTimer?.Dispose();
        if (member.InFloor && session.Floor is { } floor) _floor.RemoveParticipant(floor, member.User);
        member.InFloor = false;
        FreeLegs(member);
        session.Members.Remove(member);
        Untrack(member);
        if (wasConnected)
        {
            _metrics.MembersLeft.Inc();
            GroupLog.Left(_logger, session.Id, member.User, reason);
        }
        if (!session.Ended && session.ConnectedCount == 0) End(session, "last_left");
    }

    private void FreeLegs(GroupMember member)
    {
        if (member.AudioLeg is { } audio)
        {
            _relay.Detach(audio);
            _relay.FreeLeg(audio);
        }
        if (member.FloorLeg is { } floor) _relay.FreeLeg(floor);
        member.AudioLeg = null;
        member.FloorLeg = null;
    }

    /// <summary>BYE (or CANCEL) to everyone, floor session destroyed, legs and bridge freed. Under the session lock.</summary>
    private void End(GroupSession session, string reason)
    {
        if (session.Ended) return;
        session.Ended = true;
        foreach (var member in session.Members.ToArray())
            Leave(session, member, reason, sendBye: true);
        if (session.Floor is { } floor) _floor.DestroySession(floor);
        _relay.DestroyBridge(session.Bridge);
        lock (_tablesGate)
        {
            if (_byGroup.TryGetValue(session.Group.User, out var current) && ReferenceEquals(current, session))
                _byGroup.Remove(session.Group.User);
        }
        _metrics.Ended(reason);
        GroupLog.Ended(_logger, session.Id, reason);
    }

    private void OnInactivity(GroupSession session)
    {
        lock (session.Gate) End(session, "inactivity");
    }

    private string Warning(int code, string text) => $"{code} {_callOptions.Domain} \"{text.Replace('"', '\'')}\"";

    private void Reject(IServerRequest request, int status, string? reason, string result, string? warning = null)
    {
        var response = SipResponse.CreateFor(request.Request, status, reason, request.LocalTag);
        if (warning is not null) response.Headers.Add(SipHeaderNames.Warning, warning);
        request.Respond(response);
        _metrics.Result(result);
        GroupLog.Rejected(_logger, request.Request.CallId ?? "?", status, reason ?? warning ?? SipReasonPhrases.For(status));
    }

    private FloorSessionOptions FloorOptionsFor(GroupSession session) => new()
    {
        Label = session.Id,
        ServerSsrc = session.NewSsrc(),
    };
}
