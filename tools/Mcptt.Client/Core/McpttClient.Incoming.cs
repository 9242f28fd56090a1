using System.Net;
using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.Client.Core;

public sealed partial class McpttClient
{
    private void OnRequest(SipRequest request, IPEndPoint from) => _ = HandleRequestAsync(request, from);

    private async Task HandleRequestAsync(SipRequest request, IPEndPoint from)
    {
        try
        {
            switch (request.Method)
            {
                case SipMethods.Invite:
                    await OnInviteAsync(request, from).ConfigureAwait(false);
                    break;
                case SipMethods.Ack:
                    OnAck(request);
                    break;
                case SipMethods.Bye:
                    await OnByeAsync(request, from).ConfigureAwait(false);
                    break;
                case SipMethods.Cancel:
                    await OnCancelAsync(request, from).ConfigureAwait(false);
                    break;
                case SipMethods.Options:
                    await RespondAsync(request, from, 200, null).ConfigureAwait(false);
                    break;
                default:
                    await RespondAsync(request, from, 501, null).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Say($"error handling {request.Method}: {ex.Message}");
        }
    }

    private async Task RespondAsync(SipRequest request, IPEndPoint to, int status, SipDialog? dialog, string? sdp = null)
    {
        SipResponse response = SipResponse.CreateFor(request, status, toTag: dialog?.Local.Tag);
        McpttHeaders.AddCommon(response);
        if (sdp is not null)
        {
            response.Headers.Add(SipHeaderNames.Contact, ContactValue());
            response.Headers.CopyFrom(request.Headers, SipHeaderNames.RecordRoute);
            response.SetBody("application/sdp", sdp);
        }

        await _sip.SendAsync(response, to).ConfigureAwait(false);
    }

    private async Task OnInviteAsync(SipRequest request, IPEndPoint from)
    {
        SipDialog? current;
        lock (_gate)
        {
            current = _dialog;
        }

        if (current is not null && request.To?.Tag is not null && current.Matches(request))
        {
            // re-INVITE (e.g. the server moving media): accept and answer with our unchanged streams.
            string? offer = McpttHeaders.SdpOf(request);
            ApplyRemoteSdp(offer);
            await RespondAsync(request, from, 200, current, LocalSdp(offer: false, McpttAnswer.TryParse(offer))).ConfigureAwait(false);
            return;
        }

        if (current is { IsCaller: false } && current.CallId == request.CallId && request.To?.Tag is null)
        {
            // Retransmitted initial INVITE: repeat our answer, or 180 while still ringing.
            if (current.Answer is { } answer)
            {
                await _sip.SendAsync(answer, from).ConfigureAwait(false);
            }
            else
            {
                await RespondAsync(request, from, 180, current).ConfigureAwait(false);
            }

            return;
        }

        if (current is not null || request.From is null || request.To is null || request.CallId is null)
        {
            await RespondAsync(request, from, current is null ? 400 : 486, null).ConfigureAwait(false);
            return;
        }

        NameAddr local = request.To.Clone();
        local.Tag = SipIds.NewTag();
        List<NameAddr> contacts = request.Contacts;
        var dialog = new SipDialog
        {
            CallId = request.CallId,
            Local = local,
            Remote = request.From,
            RemoteTarget = contacts is [var contact, ..] ? contact.Uri : request.From.Uri,
            RouteSet = request.RecordRoutes,
            RemoteInviteCSeq = request.CSeq?.Number,
            PendingInvite = (request, from),
            IsCaller = false,
        };
        lock (_gate)
        {
            if (_dialog is not null)
            {
                dialog = null;
            }
            else
            {
                _dialog = dialog;
                _callState = CallState.Ringing;
                _floorState = Floor.FloorState.Unknown;
                _lastRtpSsrc = null;
            }
        }

        if (dialog is null)
        {
            await RespondAsync(request, from, 486, null).ConfigureAwait(false);
            return;
        }

        await RespondAsync(request, from, 100, null).ConfigureAwait(false);
        Record(ClientEventKind.Incoming, $"call from {request.From.Uri} to {request.RequestUri}");
        if (_options.AutoAnswer)
        {
            await AcceptAsync(dialog).ConfigureAwait(false);
        }
        else
        {
            await RespondAsync(request, from, 180, dialog).ConfigureAwait(false);
        }
    }

    private async Task AcceptAsync(SipDialog dialog)
    {
        if (dialog.PendingInvite is not { } pending)
        {
            return;
        }

        dialog.PendingInvite = null;
        SipResponse answer = SipResponse.CreateFor(pending.Request, 200, toTag: dialog.Local.Tag);
        answer.Headers.Add(SipHeaderNames.Contact, ContactValue());
        answer.Headers.CopyFrom(pending.Request.Headers, SipHeaderNames.RecordRoute);
        McpttHeaders.AddCommon(answer);
        string? offer = McpttHeaders.SdpOf(pending.Request);
        answer.SetBody("application/sdp", LocalSdp(offer: false, McpttAnswer.TryParse(offer)));
        dialog.Answer = answer;
        dialog.AnswerDestination = pending.From;
        lock (_gate)
        {
            if (!ReferenceEquals(_dialog, dialog))
            {
                return;
            }

            _callState = CallState.Connected;
        }

        ApplyRemoteSdp(offer);
        await _sip.SendAsync(answer, pending.From).ConfigureAwait(false);
        Say($"answered {dialog.Remote.Uri}; waiting for ACK");
        _ = RetransmitAnswerAsync(dialog, answer, pending.From);
    }

    /// <summary>RFC 3261 §13.3.1.4: the UAS retransmits its 2xx (T1 doubling to T2) until the ACK arrives.</summary>
    private async Task RetransmitAnswerAsync(SipDialog dialog, SipResponse answer, IPEndPoint to)
    {
        TimeSpan interval = _options.Timing.T1;
        DateTime deadline = DateTime.UtcNow + _options.Timing.NoResponseTimeout;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                Task done = await Task.WhenAny(dialog.AckReceived.Task, Task.Delay(interval, _life.Token)).ConfigureAwait(false);
                if (done == dialog.AckReceived.Task)
                {
                    return;
                }

                await _sip.SendAsync(answer, to).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _options.Timing.T2.Ticks));
            }

            Say("no ACK for our 200 OK; ending the call");
            bool ours;
            lock (_gate)
            {
                ours = ReferenceEquals(_dialog, dialog);
            }

            if (ours)
            {
                EndCall(dialog);
                Record(ClientEventKind.Terminated, "no ACK received for 200 OK");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnAck(SipRequest ack)
    {
        SipDialog? dialog;
        lock (_gate)
        {
            dialog = _dialog;
        }

        if (dialog is { IsCaller: false } && dialog.Matches(ack))
        {
            if (McpttHeaders.SdpOf(ack) is { } sdp)
            {
                ApplyRemoteSdp(sdp);
            }

            // Connected is reported on the ACK, not on our 200: only then has the peer (e.g. a group
            // call's controlling function) taken us into the call, so a floor request can succeed.
            if (dialog.AckReceived.TrySetResult())
            {
                Record(ClientEventKind.Connected, $"answered {dialog.Remote.Uri} (ACK received)");
            }
        }
    }

    private async Task OnByeAsync(SipRequest bye, IPEndPoint from)
    {
        SipDialog? dialog;
        lock (_gate)
        {
            dialog = _dialog;
        }

        if (dialog is null || !dialog.Matches(bye) || bye.To?.Tag is null)
        {
            await RespondAsync(bye, from, 481, null).ConfigureAwait(false);
            return;
        }

        dialog.AckReceived.TrySetResult();
        await RespondAsync(bye, from, 200, dialog).ConfigureAwait(false);
        EndCall(dialog);
        Record(ClientEventKind.Terminated, $"remote hung up (BYE from {bye.From?.Uri})");
    }

    private async Task OnCancelAsync(SipRequest cancel, IPEndPoint from)
    {
        SipDialog? dialog;
        lock (_gate)
        {
            dialog = _dialog;
        }

        if (dialog is { IsCaller: false, PendingInvite: { } pending } && dialog.CallId == cancel.CallId)
        {
            dialog.PendingInvite = null;
            await RespondAsync(cancel, from, 200, dialog).ConfigureAwait(false);
            await RespondAsync(pending.Request, pending.From, 487, dialog).ConfigureAwait(false);
            EndCall(dialog);
            Record(ClientEventKind.Terminated, "caller cancelled");
            return;
        }

        await RespondAsync(cancel, from, 481, null).ConfigureAwait(false);
    }

    private void OnStrayResponse(SipResponse response)
    {
        SipDialog? dialog;
        lock (_gate)
        {
            dialog = _dialog;
        }

        // A retransmitted 2xx means our ACK was lost: send it again (§13.2.2.4).
        if (response.IsSuccess && response.CSeq?.Method == SipMethods.Invite && dialog is { Ack: { } ack } && dialog.Matches(response))
        {
            _ = _sip.SendAsync(ack, DestinationForDialog(dialog));
        }
    }
}
