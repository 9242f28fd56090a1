using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// B2BUA for 1:1 calls between registered users. Each call is a <see cref="CallSession"/> with its own
/// lock; the controller's tables map dialogs to sessions. Lock order: session, then tables. SIP and relay
/// calls are made under the session lock (neither calls back into us while holding its own lock).
/// Entry points: <see cref="OnRequest"/> for INVITE/ACK/BYE/UPDATE and in-dialog requests,
/// <see cref="OnAckTimeout"/> when the caller never ACKed our 2xx.
/// </summary>
public sealed partial class CallController : IDisposable
{
    private readonly CallOptions _options;
    private readonly DigestAuthenticator _auth;
    private readonly InviteAuthorizer _authorizer;
    private readonly Registrar.Registrar _registrar;
    private readonly IRelayControl _relay;
    private readonly ISipOutbound _sip;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CallMetrics _metrics;
    private readonly object _tablesGate = new();
    private readonly Dictionary<(string CallId, string Tag), CallSession> _byCallerDialog = new();
    private readonly Dictionary<string, CallSession> _byCalleeCallId = new(StringComparer.Ordinal);
    private int _active;

    /// <param name="gate">Digest authentication of INVITEs (shared with the registrar, so bans count across both).</param>
    public CallController(CallOptions options, DigestGate gate, Registrar.Registrar registrar,
        IRelayControl relay, ISipOutbound sip, MetricsRegistry metrics, TimeProvider? time = null, ILogger<CallController>? logger = null)
    {
        _options = options;
        _auth = gate.Authenticator;
        _authorizer = new InviteAuthorizer(gate, registrar, options.RequireRegisteredCaller);
        _registrar = registrar;
        _relay = relay;
        _sip = sip;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _metrics = new CallMetrics(metrics, () => Volatile.Read(ref _active));
    }

    /// <summary>Calls being set up or established.</summary>
    public int ActiveCalls => Volatile.Read(ref _active);

    /// <summary>Handles INVITE, ACK, BYE, UPDATE and any request inside one of our dialogs.</summary>
    public void OnRequest(IServerRequest request)
    {
        var sip = request.Request;
        try
        {
            if (sip.IsInvite && sip.To?.Tag is null)
            {
                OnInitialInvite(request);
                return;
            }
            var session = FindSession(sip, out var participant);
            if (session is null || participant is null)
            {
                if (!sip.IsAck) request.Respond(SipResponse.CreateFor(sip, 481, null, request.LocalTag));
                return;
            }
            OnInDialogRequest(session, participant, request);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug must cost one call, not the transport thread.
            CallLog.HandlerFailed(_logger, sip.CallId ?? "?", ex);
            if (!sip.IsAck) request.Respond(SipResponse.CreateFor(sip, 500, "Internal error", request.LocalTag));
        }
    }

    /// <summary>Our 2xx to the caller was never ACKed (RFC 3261 §13.3.1.4): end the call.</summary>
    public void OnAckTimeout(IServerRequest invite)
    {
        var session = FindSession(invite.Request, out var participant);
        if (session is null || participant is null) return;
        lock (session.Gate)
        {
            if (session.State != SessionState.Answered) return;
            SendByeToAll(session, except: null);
            Terminate(session, endReason: CallEndReasons.AckTimeout);
        }
    }

    public void Dispose()
    {
        List<CallSession> sessions;
        lock (_tablesGate) sessions = _byCalleeCallId.Values.Distinct().ToList();
        foreach (var session in sessions)
        {
            lock (session.Gate)
            {
                if (session.State == SessionState.Terminated) continue;
                if (session.State is SessionState.Answered or SessionState.Confirmed)
                {
                    SendByeToAll(session, except: null);
                    Terminate(session, endReason: CallEndReasons.Shutdown);
                    continue;
                }
                foreach (var branch in session.Branches)
                    if (!branch.Done) branch.Transaction?.Cancel();
                session.CallerInvite.Respond(CallerResponse(session, 503, "Shutting down"));
                Terminate(session, CallResults.Failed);
            }
        }
    }

    private CallSession? FindSession(SipRequest request, out Participant? participant)
    {
        participant = null;
        var callId = request.CallId;
        if (callId is null) return null;
        CallSession? session;
        lock (_tablesGate)
        {
            if (_byCalleeCallId.TryGetValue(callId, out session))
            {
                // From the callee side: any participant except the caller, matched by the dialog's remote tag.
                var tag = request.From?.Tag;
                participant = session.Participants.Find(p => p.Role == ParticipantRole.Callee && p.Dialog?.RemoteTag == tag);
                return session;
            }
            if (_byCallerDialog.TryGetValue((callId, request.From?.Tag ?? ""), out session))
            {
                participant = session.Caller;
                return session;
            }
        }
        return null;
    }

    private void Track(CallSession session)
    {
        lock (_tablesGate)
        {
            _byCallerDialog[(session.Id, session.Caller.Dialog!.RemoteTag ?? "")] = session;
            _byCalleeCallId[session.CalleeCallId] = session;
        }
        Interlocked.Increment(ref _active);
    }

    /// <summary>Frees the relay resources and forgets the session. Call under the session lock.</summary>
    private void Terminate(CallSession session, string? result = null, string? endReason = null)
    {
        if (session.State == SessionState.Terminated) return;
        session.State = SessionState.Terminated;
        session.RingTimer?.Dispose();
        session.MediaTimer?.Dispose();
        StopFloor(session);
        session.Media.FreeAll(session.Participants);
        lock (_tablesGate)
        {
            if (session.Caller.Dialog is { } callerDialog) _byCallerDialog.Remove((session.Id, callerDialog.RemoteTag ?? ""));
            _byCalleeCallId.Remove(session.CalleeCallId);
        }
        Interlocked.Decrement(ref _active);
        if (result is not null) _metrics.Result(result);
        if (endReason is not null) _metrics.Ended(endReason);
        CallLog.Ended(_logger, session.Id, endReason ?? result ?? "?");
    }

    private void SendByeToAll(CallSession session, Participant? except)
    {
        foreach (var participant in session.Participants)
        {
            if (ReferenceEquals(participant, except) || participant.Dialog is not { } dialog) continue;
            _sip.SendRequest(dialog.CreateRequest(SipMethods.Bye, _sip), dialog.Flow, static _ => { });
        }
    }

    private string Warning(int code, string text) => $"{code} {_options.Domain} \"{text.Replace('"', '\'')}\"";
}
