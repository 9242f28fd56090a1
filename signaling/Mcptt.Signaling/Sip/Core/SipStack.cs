using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// The SIP core: owns the transports, runs inbound messages through parse-error handling, RFC 3581
/// Via stamping, transaction matching and semantic validation, then hands new requests to the TU
/// (<see cref="RequestHandler"/>). Sends requests through client transactions.
/// All transaction state is guarded by one lock (control plane); TU callbacks run outside it.
/// </summary>
public sealed class SipStack : ISipTransportSink, IAsyncDisposable
{
    internal readonly object Gate = new();

    private readonly ILogger _logger;
    private readonly List<ISipTransport> _transports;
    private readonly SipRequestValidator _validator;
    private readonly Dictionary<string, ServerTransaction> _server = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerTransaction> _awaitingAck = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClientTransaction> _client = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerTransaction> _merge = new(StringComparer.Ordinal);

    public SipStack(SipStackOptions options, MetricsRegistry metrics, ILogger<SipStack> logger,
        TimeProvider? timeProvider = null, IEnumerable<ISipTransport>? transports = null)
    {
        Options = options;
        Metrics = new SipMetrics(metrics);
        _logger = logger;
        Time = timeProvider ?? TimeProvider.System;
        _validator = new SipRequestValidator(options.Capabilities);
        _transports = transports is not null ? new List<ISipTransport>(transports) : CreateTransports();
    }

    public SipStackOptions Options { get; }
    public SipMetrics Metrics { get; }
    public TimeProvider Time { get; }

    /// <summary>The TU. Set before <see cref="StartAsync"/>; requests arriving while null get 503.</summary>
    public ISipRequestHandler? RequestHandler { get; set; }

    public IReadOnlyList<ISipTransport> Transports => _transports;

    public int ServerTransactionCount { get { lock (Gate) return _server.Count; } }
    public int ClientTransactionCount { get { lock (Gate) return _client.Count; } }

    public ISipTransport? GetTransport(SipTransportKind kind)
    {
        foreach (var t in _transports)
            if (t.Kind == kind) return t;
        return null;
    }

    private List<ISipTransport> CreateTransports()
    {
        var list = new List<ISipTransport>();
        if (Options.EnableUdp) list.Add(new UdpSipTransport(Options.UdpEndPoint, Options.Parser, Metrics, _logger));
        if (Options.EnableTcp) list.Add(new TcpSipTransport(Options.TcpEndPoint, Options.Tcp, Options.Parser, Metrics, _logger, Time));
        return list;
    }

    /// <summary>Binds every transport; a bind failure stops the ones already started and throws <see cref="SipTransportBindException"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = new List<ISipTransport>();
        try
        {
            foreach (var transport in _transports)
            {
                await transport.StartAsync(this, cancellationToken).ConfigureAwait(false);
                started.Add(transport);
            }
        }
        catch
        {
            foreach (var t in started) await t.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var transport in _transports) await transport.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (Gate)
        {
            foreach (var tx in _server.Values.ToArray()) tx.Terminate();
            foreach (var tx in _client.Values.ToArray()) tx.Terminate();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var t in _transports) await t.DisposeAsync().ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- inbound

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
    private static SipTarget ResponseTargetFor(SipInbound inbound, Via? topVia)
    {
        var address = inbound.Remote.Address;
        if (inbound.Transport == SipTransportKind.Tcp)
            return new SipTarget(SipTransportKind.Tcp, new IPEndPoint(address, topVia?.PortOrDefault ?? inbound.Remote.Port), inbound.ConnectionId);
        int port = topVia is null || topVia.HasRPort ? inbound.Remote.Port : topVia.PortOrDefault;
        return new SipTarget(SipTransportKind.Udp, new IPEndPoint(address, port));
    }

    // ---------------------------------------------------------------- outbound

    /// <summary>
    /// Sends a request through a new client transaction. A top Via with a fresh branch (and rport) is
    /// added unless the request already has an RFC 3261 branch (e.g. a CANCEL copying its INVITE's).
    /// <paramref name="onResponse"/> gets every provisional, the final response (a synthesized 408 on
    /// timeout, 503 when the transport refused the send) and, for INVITE, each 2xx retransmission.
    /// It runs on a transport or timer thread, never under the stack's lock.
    /// </summary>
    public ClientTransaction SendRequest(SipRequest request, SipTarget target, Action<SipResponse> onResponse)
    {
        if (request.IsAck) throw new ArgumentException("ACK is sent with SendAck", nameof(request));
        PrepareOutbound(request, target);
        var key = TransactionKeys.Client(request) ?? throw new ArgumentException("request needs a CSeq", nameof(request));
        var bytes = SipSerializer.Serialize(request);
        var tx = new ClientTransaction(this, key, request, target, bytes, onResponse);
        bool sent;
        lock (Gate)
        {
            _client[key] = tx;
            Metrics.ClientTransactions++;
            tx.Start(reliable: target.Transport != SipTransportKind.Udp);
            sent = Transmit(target, bytes);
        }
        if (!sent) FailClientTransaction(tx);
        return tx;
    }

    private void FailClientTransaction(ClientTransaction tx)
    {
        // RFC 3261 §8.1.3.1: a transport error is reported as 503. Delivered asynchronously so the
        // caller gets its transaction object before the callback runs.
        Action? deliver;
        lock (Gate)
        {
            if (tx.State == ClientTransactionState.Terminated) return;
            deliver = tx.OnResponse(SipResponse.CreateFor(tx.Request, 503, "Transport Error"));
        }
        if (deliver is not null) ThreadPool.QueueUserWorkItem(static d => d(), deliver, preferLocal: false);
    }

    /// <summary>Sends an ACK for a 2xx (its own transaction; no retransmission, RFC 3261 §13.2.2.4).</summary>
    public bool SendAck(SipRequest ack, SipTarget target)
    {
        PrepareOutbound(ack, target);
        return Transmit(target, SipSerializer.Serialize(ack));
    }

    /// <summary>Sends any message without a transaction (e.g. a response whose transaction is gone).</summary>
    public bool SendStateless(SipMessage message, SipTarget target)
    {
        if (message is SipRequest request) PrepareOutbound(request, target);
        bool sent = Transmit(target, SipSerializer.Serialize(message));
        if (sent && message is SipResponse response) Metrics.ResponseSent(response.StatusCode);
        return sent;
    }

    /// <summary>Our Via for a transport: advertised host, bound port, fresh branch, rport requested.</summary>
    public Via CreateVia(SipTransportKind kind)
    {
        var local = GetTransport(kind)?.LocalEndPoint ?? (kind == SipTransportKind.Tcp ? Options.TcpEndPoint : Options.UdpEndPoint);
        string host = Options.AdvertisedHost ?? FormatHost(local.Address);
        var via = new Via(kind == SipTransportKind.Tcp ? "TCP" : "UDP", host, local.Port, SipIds.NewBranch());
        via.Parameters.Set("rport", null);
        return via;
    }

    /// <summary>A Contact URI for this stack on the given transport (e.g. for a B2BUA leg).</summary>
    public SipUri CreateContactUri(SipTransportKind kind, string? user = null)
    {
        var local = GetTransport(kind)?.LocalEndPoint ?? (kind == SipTransportKind.Tcp ? Options.TcpEndPoint : Options.UdpEndPoint);
        var uri = new SipUri(Options.AdvertisedHost ?? FormatHost(local.Address), user, local.Port);
        if (kind == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
        return uri;
    }

    private void PrepareOutbound(SipRequest request, SipTarget target)
    {
        var via = request.TopVia;
        if (via is null || !via.HasRfc3261Branch) request.Headers.AddFirst(SipHeaderNames.Via, CreateVia(target.Transport).ToString());
        if (!request.Headers.Contains(SipHeaderNames.MaxForwards)) request.Headers.AddTop(SipHeaderNames.MaxForwards, "70");
    }

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    internal bool CancelClientTransaction(ClientTransaction tx)
    {
        lock (Gate) return tx.RequestCancel();
    }

    /// <summary>Hands bytes to the transport of the target. Broadcast/multicast destinations are refused (counted).</summary>
    internal bool Transmit(SipTarget target, byte[] bytes)
    {
        var address = target.EndPoint.Address;
        if (address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || IsMulticast(address))
        {
            Metrics.Dropped(SipMetrics.DropReasons.Broadcast);
            return false;
        }
        var transport = GetTransport(target.Transport);
        if (transport is null)
        {
            Metrics.Dropped(SipMetrics.DropReasons.Unroutable);
            return false;
        }
        return transport.TrySend(bytes, target.EndPoint, target.ConnectionId);
    }

    private static bool IsMulticast(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return address.IsIPv6Multicast;
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && bytes[0] >= 224 && bytes[0] <= 239;
    }

    // ---------------------------------------------------------------- transaction bookkeeping

    internal bool SendResponse(IncomingRequest incoming, SipResponse response)
    {
        lock (Gate)
        {
            var tx = incoming.Transaction;
            if (tx is null || tx.State == ServerTransactionState.Terminated) return false;
            return tx.Send(response);
        }
    }

    internal void AwaitAck(ServerTransaction tx)
    {
        if (tx.AckKey is not null) _awaitingAck[tx.AckKey] = tx;
    }

    internal void AckReceived(ServerTransaction tx)
    {
        if (tx.AckKey is not null && _awaitingAck.TryGetValue(tx.AckKey, out var current) && ReferenceEquals(current, tx))
            _awaitingAck.Remove(tx.AckKey);
    }

    internal void Remove(ServerTransaction tx)
    {
        if (tx.MergeKey is not null && _merge.TryGetValue(tx.MergeKey, out var merged) && ReferenceEquals(merged, tx))
            _merge.Remove(tx.MergeKey);
        if (_server.TryGetValue(tx.Key, out var current) && ReferenceEquals(current, tx))
        {
            _server.Remove(tx.Key);
            Metrics.ServerTransactions--;
        }
        AckReceived(tx);
    }

    internal void Remove(ClientTransaction tx)
    {
        if (_client.TryGetValue(tx.Key, out var current) && ReferenceEquals(current, tx))
        {
            _client.Remove(tx.Key);
            Metrics.ClientTransactions--;
        }
    }

    internal void NotifyAckTimeout(IncomingRequest invite)
    {
        try
        {
            RequestHandler?.OnAckTimeout(invite);
        }
        catch (Exception ex)
        {
            SipLog.HandlerFailed(_logger, invite.Request.Method, invite.Request.CallId, ex);
        }
    }

    internal void LogClientTimeout(ClientTransaction tx) => SipLog.ClientTimeout(_logger, tx.Request.Method, tx.Branch);

    internal void LogResponseCallbackFailure(ClientTransaction tx, Exception ex) =>
        SipLog.ResponseCallbackFailed(_logger, tx.Request.Method, tx.Branch, ex);

    private void Drop(string reason, IPEndPoint remote)
    {
        Metrics.Dropped(reason);
        SipLog.Dropped(_logger, reason, remote);
    }
}
