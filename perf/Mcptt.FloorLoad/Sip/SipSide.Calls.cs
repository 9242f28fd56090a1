using System.Net;
using Mcptt.Client.Sip;
using Mcptt.FloorLoad.Floor;
using Mcptt.Signaling.Sip;

namespace Mcptt.FloorLoad.Sip;

/// <summary>Group calls: the first member INVITEs the group URI; the appliance INVITEs the others, who answer at once.</summary>
internal sealed partial class SipSide
{
    private static readonly TimeSpan AnswerGiveUp = TimeSpan.FromSeconds(32);

    /// <summary>Calls the group URI from <paramref name="originator"/>, answering a digest challenge; true on 2xx.</summary>
    public async Task<bool> CallGroupAsync(LoadMember originator, CancellationToken cancel)
    {
        var target = new SipUri(_plan.Domain, _plan.GroupName(originator.Group.Index));
        var dialog = new SipDialog
        {
            CallId = SipIds.NewCallId(),
            Local = new NameAddr(Aor(originator)) { Tag = SipIds.NewTag() },
            Remote = new NameAddr(target),
            RemoteTarget = target,
            IsCaller = true,
        };
        originator.Dialog = dialog;
        string sdp = LocalSdp(originator, null);
        (string Header, string Value)? authorization = null;
        for (int attempt = 0; ; attempt++)
        {
            var invite = dialog.CreateRequest(SipMethods.Invite, NewVia(originator));
            invite.Headers.Add(SipHeaderNames.Contact, Contact(originator));
            McpttHeaders.AddCallerPreferences(invite);
            McpttHeaders.AddCommon(invite);
            if (authorization is { } auth) invite.Headers.Add(auth.Header, auth.Value);
            invite.SetBody("application/sdp", sdp);
            dialog.Invite = invite;
            var response = await Endpoint(originator).SendRequestAsync(invite, _plan.Server, null, cancel).ConfigureAwait(false);
            if (response.IsSuccess)
            {
                await EstablishAsync(originator, dialog, response).ConfigureAwait(false);
                return true;
            }
            await Endpoint(originator).SendAsync(invite.CreateAckForNon2xx(response), _plan.Server).ConfigureAwait(false);
            if (response.StatusCode is 401 or 407 && attempt < MaxAuthAttempts - 1
                && Answer(originator, response, SipMethods.Invite, target.ToString()) is { } answer)
            {
                authorization = answer;
                continue;
            }
            return false;
        }
    }

    private async Task EstablishAsync(LoadMember originator, SipDialog dialog, SipResponse response)
    {
        if (response.To is { } to) dialog.Remote = to;
        if (response.Contacts is [var contact, ..]) dialog.RemoteTarget = contact.Uri;
        var routes = response.RecordRoutes;
        routes.Reverse();
        dialog.RouteSet = routes;
        var ack = dialog.CreateRequest(SipMethods.Ack, NewVia(originator), response.CSeq?.Number ?? dialog.LocalCSeq);
        dialog.Ack = ack;
        if (McpttAnswer.TryParse(McpttHeaders.SdpOf(response))?.Floor is { } floor) _floor.Map(originator, floor);
        originator.Joined = true;
        await Endpoint(originator).SendAsync(ack, _plan.Server).ConfigureAwait(false);
    }

    private void OnRequest(int endpoint, SipRequest request, IPEndPoint from)
    {
        switch (request.Method)
        {
            case SipMethods.Invite:
                OnInvite(endpoint, request, from);
                break;
            case SipMethods.Ack:
                if (FindDialogMember(request) is { Dialog.IsCaller: false } callee && !callee.Joined)
                {
                    callee.Joined = true;
                    callee.Group.InviteeJoined();
                }
                break;
            case SipMethods.Bye:
                if (FindDialogMember(request) is { } member) member.ByeReceived = true;
                Interlocked.Increment(ref ByesReceived);
                Respond(endpoint, request, from, 200, null);
                break;
            default:
                Interlocked.Increment(ref UnexpectedRequests);
                Respond(endpoint, request, from, request.Method == SipMethods.Options ? 200 : 501, null);
                break;
        }
    }

    private void OnInvite(int endpoint, SipRequest request, IPEndPoint from)
    {
        var user = (request.RequestUri as SipUri)?.User;
        if (user is null || !_byUser.TryGetValue(user, out var member) || member.Position == 0)
        {
            Interlocked.Increment(ref UnexpectedRequests);
            Respond(endpoint, request, from, 404, null);
            return;
        }
        lock (member)
        {
            if (member.Dialog is { } existing && existing.CallId == request.CallId)
            {
                // A retransmitted INVITE: our 2xx was lost, repeat it.
                if (member.Answer is { } repeat) _ = _endpoints[endpoint].SendAsync(repeat, from);
                return;
            }
            var offer = McpttAnswer.TryParse(McpttHeaders.SdpOf(request));
            if (offer?.Floor is not { } serverFloor || request.From is null || request.To is null || request.CallId is null)
            {
                Interlocked.Increment(ref UnexpectedRequests);
                Respond(endpoint, request, from, 488, null);
                return;
            }
            _floor.Map(member, serverFloor);
            var local = request.To.Clone();
            local.Tag = SipIds.NewTag();
            member.Dialog = new SipDialog
            {
                CallId = request.CallId,
                Local = local,
                Remote = request.From,
                RemoteTarget = request.Contacts is [var contact, ..] ? contact.Uri : request.From.Uri,
                RouteSet = request.RecordRoutes,
                IsCaller = false,
            };
            var ok = SipResponse.CreateFor(request, 200, toTag: local.Tag);
            ok.Headers.Add(SipHeaderNames.Contact, Contact(member));
            ok.Headers.CopyFrom(request.Headers, SipHeaderNames.RecordRoute);
            McpttHeaders.AddCommon(ok);
            ok.SetBody("application/sdp", LocalSdp(member, offer));
            member.Answer = ok;
            member.AnswerTo = from;
            member.AnsweredAt = Environment.TickCount64;
            _ = _endpoints[endpoint].SendAsync(ok, from);
        }
    }

    /// <summary>RFC 3261 §13.3.1.4: our 2xx again every 500 ms until its ACK, for at most 32 s.</summary>
    private void RetransmitAnswers()
    {
        long now = Environment.TickCount64;
        foreach (var member in _byUser.Values)
        {
            if (member.Joined || member.Answer is not { } answer || member.AnswerTo is not { } to) continue;
            if (now - member.AnsweredAt > AnswerGiveUp.TotalMilliseconds) continue;
            Interlocked.Increment(ref AnswerResends);
            _ = Endpoint(member).SendAsync(answer, to);
        }
    }

    /// <summary>A retransmitted 2xx to a group INVITE: our ACK was lost.</summary>
    private void OnStrayResponse(int endpoint, SipResponse response)
    {
        if (!response.IsSuccess || response.CSeq?.Method != SipMethods.Invite || response.From?.SipUri?.User is not { } user) return;
        if (_byUser.TryGetValue(user, out var member) && member.Dialog is { IsCaller: true, Ack: { } ack } dialog && dialog.Matches(response))
            _ = _endpoints[endpoint].SendAsync(ack, _plan.Server);
    }

    private LoadMember? FindDialogMember(SipRequest request)
    {
        var user = (request.RequestUri as SipUri)?.User ?? request.To?.SipUri?.User;
        return user is not null && _byUser.TryGetValue(user, out var member) && member.Dialog?.CallId == request.CallId ? member : null;
    }

    private void Respond(int endpoint, SipRequest request, IPEndPoint to, int status, string? toTag)
    {
        var response = SipResponse.CreateFor(request, status, toTag: toTag);
        McpttHeaders.AddCommon(response);
        _ = _endpoints[endpoint].SendAsync(response, to);
    }
}
