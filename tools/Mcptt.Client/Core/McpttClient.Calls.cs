using System.Net;
using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Core;

public sealed partial class McpttClient
{
    /// <summary>
    /// Calls <paramref name="target"/> (a group or a user) offering audio + the MCPTT floor channel and
    /// waits for the final response. 2xx: the call is connected (ACK sent, media targets set).
    /// Anything else is reported as <see cref="ClientEventKind.CallFailed"/> and returned.
    /// </summary>
    public async Task<SipResponse> CallAsync(string target, CancellationToken cancel = default)
    {
        if (!AddressUri.TryParse(target, out AddressUri targetUri))
        {
            throw new ArgumentException($"'{target}' is not a SIP URI", nameof(target));
        }

        var dialog = new SipDialog
        {
            CallId = SipIds.NewCallId(),
            Local = new NameAddr(Aor) { Tag = SipIds.NewTag() },
            Remote = new NameAddr(targetUri),
            RemoteTarget = targetUri,
            IsCaller = true,
        };
        lock (_gate)
        {
            if (_callState != CallState.Idle)
            {
                throw new InvalidOperationException($"a call is already {_callState}");
            }

            _dialog = dialog;
            _callState = CallState.Calling;
            _floorState = Floor.FloorState.Unknown;
            _lastRtpSsrc = null;
        }

        IPEndPoint destination = DestinationFor(targetUri);
        string sdp = LocalSdp(offer: true);
        (string Header, string? Value)? authorization = null;
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                SipRequest invite = dialog.CreateRequest(SipMethods.Invite, NewVia());
                invite.Headers.Add(SipHeaderNames.Contact, ContactValue());
                McpttHeaders.AddCallerPreferences(invite);
                McpttHeaders.AddCommon(invite);
                if (authorization is { Value: { } value } auth)
                {
                    invite.Headers.Add(auth.Header, value);
                }

                invite.SetBody("application/sdp", sdp);
                dialog.Invite = invite;
                SipResponse response = await _sip.SendRequestAsync(invite, destination, OnInviteProvisional, cancel).ConfigureAwait(false);
                if (response.IsSuccess)
                {
                    await EstablishAsync(dialog, response, destination).ConfigureAwait(false);
                    return response;
                }

                // A non-2xx final response is acknowledged hop by hop with the INVITE's branch (§17.1.1.3).
                await _sip.SendAsync(invite.CreateAckForNon2xx(response), destination).ConfigureAwait(false);
                if (response.StatusCode is 401 or 407 && attempt < MaxAuthAttempts - 1)
                {
                    authorization = AnswerChallenge(response, SipMethods.Invite, invite.RequestUri.ToString() ?? target);
                    if (authorization.Value.Value is not null)
                    {
                        continue;
                    }
                }

                EndCall(dialog);
                Record(ClientEventKind.CallFailed, $"{target}: {response.StatusCode} {response.ReasonPhrase}", status: response.StatusCode);
                return response;
            }
        }
        catch (Exception ex) when (ex is SipTransactionException or OperationCanceledException)
        {
            EndCall(dialog);
            Record(ClientEventKind.CallFailed, $"{target}: {ex.Message}");
            throw;
        }
    }

    private void OnInviteProvisional(SipResponse response)
    {
        if (response.StatusCode is 180 or 183)
        {
            bool first;
            lock (_gate)
            {
                first = _callState == CallState.Calling;
                if (first)
                {
                    _callState = CallState.Ringing;
                }
            }

            if (first)
            {
                Record(ClientEventKind.Ringing, $"{response.StatusCode} {response.ReasonPhrase}", status: response.StatusCode);
            }
        }
    }

    private async Task EstablishAsync(SipDialog dialog, SipResponse response, IPEndPoint destination)
    {
        if (response.To is { } to)
        {
            dialog.Remote = to;
        }

        if (response.Contacts is [var contact, ..])
        {
            dialog.RemoteTarget = contact.Uri;
        }

        // The caller's route set is the Record-Route list in reverse (§12.1.2).
        List<NameAddr> routes = response.RecordRoutes;
        routes.Reverse();
        dialog.RouteSet = routes;
        uint inviteCSeq = response.CSeq?.Number ?? dialog.LocalCSeq;
        SipRequest ack = dialog.CreateRequest(SipMethods.Ack, NewVia(), inviteCSeq);
        dialog.Ack = ack;
        await _sip.SendAsync(ack, DestinationForDialog(dialog, destination)).ConfigureAwait(false);
        bool stillOurs;
        lock (_gate)
        {
            stillOurs = ReferenceEquals(_dialog, dialog);
            if (stillOurs)
            {
                _callState = CallState.Connected;
            }
        }

        if (!stillOurs)
        {
            return;
        }

        ApplyRemoteSdp(McpttHeaders.SdpOf(response));
        Record(ClientEventKind.Connected, $"{dialog.Remote.Uri}: {response.StatusCode} {response.ReasonPhrase}", status: response.StatusCode);
        if (_options.ImplicitRequest && RemoteMedia is { Granted: true })
        {
            lock (_gate)
            {
                _floorState = Floor.FloorState.Granted;
                _floorHolder = Aor.ToString();
            }

            Record(ClientEventKind.FloorGranted, "granted in the SDP answer (mc_granted)");
        }
    }

    private IPEndPoint DestinationForDialog(SipDialog dialog, IPEndPoint? fallback = null)
    {
        if (_options.Server is { } server)
        {
            return server;
        }

        return dialog.RouteSet is [var first, ..] ? DestinationFor(first.Uri) : fallback ?? DestinationFor(dialog.RemoteTarget);
    }

    /// <summary>Answers a ringing incoming call (when not auto-answering).</summary>
    public async Task AnswerAsync()
    {
        SipDialog dialog;
        lock (_gate)
        {
            if (_dialog is not { IsCaller: false } incoming || _callState != CallState.Ringing)
            {
                throw new InvalidOperationException("no incoming call to answer");
            }

            dialog = incoming;
        }

        await AcceptAsync(dialog).ConfigureAwait(false);
    }

    /// <summary>Ends the call: BYE when connected, CANCEL while our INVITE is pending, 486 for an unanswered incoming call.</summary>
    public async Task HangupAsync(CancellationToken cancel = default)
    {
        SipDialog? dialog;
        CallState state;
        lock (_gate)
        {
            dialog = _dialog;
            state = _callState;
            if (dialog is null || state == CallState.Idle)
            {
                throw new InvalidOperationException("no call to hang up");
            }

            _callState = CallState.Terminating;
        }

        StopTalking();
        string outcome = "call ended";
        int? status = null;
        try
        {
            if (state == CallState.Connected)
            {
                SipRequest bye = dialog.CreateRequest(SipMethods.Bye, NewVia());
                McpttHeaders.AddCommon(bye);
                SipResponse response = await _sip.SendRequestAsync(bye, DestinationForDialog(dialog), null, cancel).ConfigureAwait(false);
                (outcome, status) = ($"hung up: BYE answered {response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
            }
            else if (dialog.IsCaller && dialog.Invite is { } invite)
            {
                SipResponse response = await _sip.SendRequestAsync(invite.CreateCancel(), DestinationForDialog(dialog), null, cancel).ConfigureAwait(false);
                (outcome, status) = ($"cancelled: CANCEL answered {response.StatusCode}", response.StatusCode);
            }
            else if (!dialog.IsCaller && dialog.PendingInvite is { } incoming)
            {
                await RespondAsync(incoming.Request, incoming.From, 486, dialog).ConfigureAwait(false);
                (outcome, status) = ("declined incoming call (486)", 486);
            }
        }
        catch (Exception ex) when (ex is SipTransactionException or OperationCanceledException)
        {
            outcome = "hung up locally; " + ex.Message;
            throw;
        }
        finally
        {
            EndCall(dialog);
            Record(ClientEventKind.Terminated, outcome, status: status);
        }
    }

    private void EndCall(SipDialog dialog)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_dialog, dialog))
            {
                return;
            }

            _dialog = null;
            _callState = CallState.Idle;
            _floorState = Floor.FloorState.Unknown;
            _floorHolder = null;
            _queuePosition = null;
            _remoteMedia = null;
        }

        StopTalking();
        _audio.Remote = null;
        _floor.Remote = null;
    }
}
