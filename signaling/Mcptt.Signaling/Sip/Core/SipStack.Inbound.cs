using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>Inbound path: parse errors, responses to client transactions, requests through validation to the TU.</summary>
public sealed partial class SipStack
{
    /// <summary>Entry point for transports (and tests with a fake transport). Never throws.</summary>
    public void OnReceived(SipInbound inbound)
    {
        try
        {
            var result = inbound.Result;
            if (result.Status == SipParseStatus.Error) HandleParseError(inbound);
            else if (result.Message is SipResponse response) HandleResponse(response);
            else if (result.Message is SipRequest request) HandleRequest(request, inbound);
        }
        catch (Exception ex)
        {
            SipLog.ProcessingFailed(_logger, inbound.Remote, ex);
        }
    }

    /// <summary>RFC 3261 §8.1.3.1: requests waiting on a connection that failed get a 503 at once.</summary>
    public void OnConnectFailed(SipTransportKind transport, IPEndPoint remote)
    {
        var failed = new List<Action>();
        lock (Gate)
        {
            foreach (var tx in _client.Values.ToArray())
            {
                if (tx.Target.Transport != transport || !tx.Target.EndPoint.Equals(remote)) continue;
                if (tx.State is not (ClientTransactionState.Calling or ClientTransactionState.Trying)) continue;
                if (tx.OnResponse(SipResponse.CreateFor(tx.Request, 503, "Transport Error")) is { } deliver) failed.Add(deliver);
            }
        }
        foreach (var deliver in failed) deliver();
    }

    private void HandleParseError(SipInbound inbound)
    {
        var result = inbound.Result;
        Metrics.ParseErrors.Inc();
        SipLog.ParseError(_logger, inbound.Remote, result.StatusCode, result.Error);
        if (result.IsResponse)
        {
            Drop(SipMetrics.DropReasons.InvalidResponse, inbound.Remote);
            return;
        }
        var salvaged = result.SalvagedHeaders;
        bool isAck = salvaged?.Get(SipHeaderNames.CSeq) is { } cseq && cseq.TrimEnd().EndsWith(" " + SipMethods.Ack, StringComparison.Ordinal);
        var response = isAck ? null : result.CreateErrorResponse();
        if (response is null)
        {
            Drop(SipMetrics.DropReasons.Unroutable, inbound.Remote);
            return;
        }
        AddServerHeader(response);
        var target = ResponseTargetFor(inbound, response.TopVia);
        if (Transmit(target, SipSerializer.Serialize(response))) Metrics.ResponseSent(response.StatusCode);
    }

    private void HandleResponse(SipResponse response)
    {
        Metrics.ResponseReceived(response.StatusCode);
        var key = TransactionKeys.Client(response);
        Action? deliver = null;
        lock (Gate)
        {
            if (key is not null && _client.TryGetValue(key, out var tx)) deliver = tx.OnResponse(response);
            else Metrics.Dropped(SipMetrics.DropReasons.NoTransaction);
        }
        deliver?.Invoke();
    }

    private void HandleRequest(SipRequest request, SipInbound inbound)
    {
        Metrics.RequestReceived(request.Method);
        StampTopVia(request, inbound.Remote, Options.ForceRport && inbound.Transport == SipTransportKind.Udp);
        if (request.IsAck)
        {
            HandleAck(request, inbound);
            return;
        }
        var key = TransactionKeys.Server(request);
        if (key is null)
        {
            // No Via: nothing to route an answer with.
            Drop(SipMetrics.DropReasons.Unroutable, inbound.Remote);
            return;
        }
        var incoming = new IncomingRequest(this, request, inbound);
        ServerTransaction tx;
        IncomingRequest? cancelledInvite = null;
        lock (Gate)
        {
            if (_server.TryGetValue(key, out var existing))
            {
                existing.OnRetransmittedRequest();
                Metrics.Dropped(SipMetrics.DropReasons.Retransmission);
                return;
            }
            if (_server.Count >= Options.MaxServerTransactions)
            {
                var busy = incoming.CreateResponse(503, "Overloaded");
                busy.Headers.Add(SipHeaderNames.RetryAfter, "5");
                AddServerHeader(busy);
                if (Transmit(ResponseTargetFor(inbound, request.TopVia), SipSerializer.Serialize(busy))) Metrics.ResponseSent(503);
                Metrics.Dropped(SipMetrics.DropReasons.Overload);
                return;
            }
            tx = new ServerTransaction(this, key, incoming, ResponseTargetFor(inbound, request.TopVia));
            _server[key] = tx;
            Metrics.ServerTransactions++;
            tx.Start();

            // §8.2.2.2: the same request reaching us again over another path (a fork) is a loop.
            var mergeKey = TransactionKeys.Merge(request);
            if (mergeKey is not null)
            {
                if (_merge.TryGetValue(mergeKey, out var original) && original.State != ServerTransactionState.Terminated)
                {
                    RespondFromCore(tx, 482, "Merged Request", null);
                    return;
                }
                _merge[mergeKey] = tx;
                tx.MergeKey = mergeKey;
            }

            bool wouldForward = Options.WouldForward?.Invoke(request) == true;
            var verdict = _validator.Validate(request, wouldForward);
            if (!verdict.IsAccepted)
            {
                RespondFromCore(tx, verdict.StatusCode, verdict.Reason, verdict.ExtraHeaders);
                return;
            }
            if (request.IsCancel)
            {
                cancelledInvite = HandleCancel(request, tx);
                if (cancelledInvite is null) return;
            }
            else if (request.MaxForwards == 0 && wouldForward)
            {
                RespondFromCore(tx, 483, null, null);
                return;
            }
            else if (request.Method == SipMethods.Options && Options.AnswerOptions)
            {
                RespondFromCore(tx, 200, null, OptionsHeaders());
                return;
            }
            else if (RequestHandler is null)
            {
                RespondFromCore(tx, 503, "No Request Handler", null);
                return;
            }
            else if (request.IsInvite && Options.SendTryingForInvite)
            {
                tx.Send(incoming.CreateResponse(100));
            }
        }
        if (cancelledInvite is not null)
        {
            cancelledInvite.Cancel();
            return;
        }
        DeliverToTu(incoming);
    }

    /// <summary>RFC 3261 §9.2. Returns the INVITE whose TU must hear of the cancellation, if any.</summary>
    private IncomingRequest? HandleCancel(SipRequest cancel, ServerTransaction cancelTx)
    {
        var inviteKey = TransactionKeys.Server(cancel, SipMethods.Invite);
        if (inviteKey is null || !_server.TryGetValue(inviteKey, out var invite) || !invite.IsInvite)
        {
            RespondFromCore(cancelTx, 481, null, null);
            return null;
        }
        // The 200 to the CANCEL carries the INVITE's To-tag so both belong to one (early) dialog.
        cancelTx.Send(SipResponse.CreateFor(cancel, 200, null, invite.Incoming.LocalTag));
        if (invite.State is ServerTransactionState.Trying or ServerTransactionState.Proceeding)
        {
            invite.Send(invite.Incoming.CreateResponse(487));
            return invite.Incoming;
        }
        return null;
    }

    private void HandleAck(SipRequest ack, SipInbound inbound)
    {
        if (!_validator.Validate(ack).IsAccepted)
        {
            Drop(SipMetrics.DropReasons.Unroutable, inbound.Remote);
            return;
        }
        var key = TransactionKeys.Server(ack);
        lock (Gate)
        {
            if (key is not null && _server.TryGetValue(key, out var tx) && tx.IsInvite && tx.LastResponse is { IsFinal: true } last)
            {
                tx.OnAck();
                // The ACK of a non-2xx belongs to the INVITE transaction: absorbed (RFC 3261 §17.2.1).
                if (!last.IsSuccess) return;
            }
            else if (_awaitingAck.TryGetValue(TransactionKeys.AckFor2xx(ack), out var waiting))
            {
                waiting.OnAck();
            }
        }
        if (RequestHandler is null) return;
        DeliverToTu(new IncomingRequest(this, ack, inbound));
    }

    private void DeliverToTu(IncomingRequest incoming)
    {
        var handler = RequestHandler;
        if (handler is null) return;
        try
        {
            handler.OnRequest(incoming);
        }
        catch (Exception ex)
        {
            SipLog.HandlerFailed(_logger, incoming.Request.Method, incoming.Request.CallId, ex);
            if (!incoming.Request.IsAck && !incoming.HasFinalResponse) incoming.Respond(500);
        }
    }

    private void RespondFromCore(ServerTransaction tx, int status, string? reason, IReadOnlyList<KeyValuePair<string, string>>? extra)
    {
        var response = tx.Incoming.CreateResponse(status, reason is null ? null : SipReasonPhrases.For(status) + " (" + reason + ")");
        if (extra is not null)
            foreach (var h in extra) response.Headers.Add(h.Key, h.Value);
        AddServerHeader(response);
        tx.Send(response);
    }

    private List<KeyValuePair<string, string>> OptionsHeaders()
    {
        var caps = Options.Capabilities;
        return
        [
            new(SipHeaderNames.Allow, string.Join(", ", caps.AllowedMethods)),
            new(SipHeaderNames.Accept, string.Join(", ", caps.AcceptedContentTypes)),
            new(SipHeaderNames.Supported, string.Join(", ", caps.SupportedExtensions)),
        ];
    }

    private void AddServerHeader(SipResponse response)
    {
        if (Options.ServerHeader is { } server && !response.Headers.Contains(SipHeaderNames.Server))
            response.Headers.Add(SipHeaderNames.Server, server);
    }

    /// <summary>RFC 3261 §18.2.1 received= and RFC 3581 rport= on the top Via.</summary>
    private static void StampTopVia(SipRequest request, IPEndPoint source, bool forceRport)
    {
        int index = request.Headers.IndexOf(SipHeaderNames.Via);
        if (index < 0) return;
        var parts = HeaderValueSplitter.Split(request.Headers[index].Value);
        if (!Via.TryParse(parts[0], out var via)) return;
        string sourceIp = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4().ToString() : source.Address.ToString();
        bool changed = false;
        if (!string.Equals(via.Host.Trim('[', ']'), sourceIp, StringComparison.OrdinalIgnoreCase))
        {
            via.Received = sourceIp;
            changed = true;
        }
        if (via.HasRPort || forceRport)
        {
            via.RPort = source.Port;
            changed = true;
        }
        if (!changed) return;
        parts[0] = via.ToString();
        request.Headers.ReplaceValueAt(index, string.Join(", ", parts));
    }

    /// <summary>
    /// Where responses to a request go: over TCP the same connection (falling back to a new one to the
    /// source address and sent-by port); over UDP the source address, at the source port when rport was
    /// asked for (RFC 3581) and at the sent-by port otherwise (RFC 3261 §18.2.2).
    /// </summary>
    private SipTarget ResponseTargetFor(SipInbound inbound, Via? topVia)
    {
        var address = inbound.Remote.Address;
        if (inbound.Transport == SipTransportKind.Tcp)
            return new SipTarget(SipTransportKind.Tcp, new IPEndPoint(address, topVia?.PortOrDefault ?? inbound.Remote.Port), inbound.ConnectionId);
        int port = topVia is null || topVia.HasRPort || Options.ForceRport ? inbound.Remote.Port : topVia.PortOrDefault;
        return new SipTarget(SipTransportKind.Udp, new IPEndPoint(address, port));
    }
}
