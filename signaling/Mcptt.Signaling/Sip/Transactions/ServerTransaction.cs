namespace Mcptt.Signaling.Sip;

public enum ServerTransactionState
{
    Trying,
    Proceeding,
    Completed,
    Confirmed,
    Terminated,
}

/// <summary>
/// RFC 3261 §17.2 server transaction (INVITE and non-INVITE). Absorbs request retransmissions by
/// re-sending the last response; over UDP retransmits every final INVITE response (2xx included, the
/// UAS core duty of §13.3.1.4) with T1 doubling to T2 until the ACK or Timer H.
/// Every member runs under <see cref="SipStack.Gate"/>.
/// </summary>
internal sealed class ServerTransaction
{
    private readonly SipStack _stack;
    private readonly SipTimerOptions _timers;
    private ITimer? _retransmit;
    private ITimer? _timeout;
    private TimeSpan _interval;
    private byte[]? _lastBytes;

    public ServerTransaction(SipStack stack, string key, IncomingRequest incoming, SipTarget responseTarget)
    {
        _stack = stack;
        _timers = stack.Options.Timers;
        Key = key;
        Incoming = incoming;
        ResponseTarget = responseTarget;
        IsInvite = incoming.Request.IsInvite;
        Reliable = responseTarget.Transport != SipTransportKind.Udp;
        incoming.Transaction = this;
    }

    public string Key { get; }
    public IncomingRequest Incoming { get; }
    public SipTarget ResponseTarget { get; }
    public bool IsInvite { get; }
    public bool Reliable { get; }
    public ServerTransactionState State { get; private set; } = ServerTransactionState.Trying;
    public SipResponse? LastResponse { get; private set; }

    /// <summary>Set while a 2xx awaits its ACK (the ACK is a separate transaction, matched by dialog key).</summary>
    public string? AckKey { get; private set; }

    /// <summary>Merged-request key (§8.2.2.2) when registered for loop detection.</summary>
    public string? MergeKey { get; set; }

    public void Start()
    {
        // A TU that never answers must not pin the transaction forever.
        var pending = IsInvite ? _timers.InvitePendingTimeout : _timers.TransactionTimeout;
        _timeout = _stack.Time.CreateTimer(static s => ((ServerTransaction)s!).OnPendingTimeout(), this, pending, Timeout.InfiniteTimeSpan);
    }

    public void OnRetransmittedRequest()
    {
        if (_lastBytes is null || State == ServerTransactionState.Terminated) return;
        // A retransmitted INVITE after the ACK needs nothing; before it, the last response goes again.
        if (State == ServerTransactionState.Confirmed) return;
        _stack.Transmit(ResponseTarget, _lastBytes);
        _stack.Metrics.Retransmissions.Inc();
    }

    public bool Send(SipResponse response)
    {
        if (State is ServerTransactionState.Completed or ServerTransactionState.Confirmed or ServerTransactionState.Terminated) return false;
        _lastBytes = SipSerializer.Serialize(response);
        LastResponse = response;
        _stack.Transmit(ResponseTarget, _lastBytes);
        _stack.Metrics.ResponseSent(response.StatusCode);
        if (response.IsProvisional)
        {
            State = ServerTransactionState.Proceeding;
            return true;
        }
        State = ServerTransactionState.Completed;
        DisposeTimers();
        if (IsInvite)
        {
            if (response.IsSuccess)
            {
                AckKey = TransactionKeys.AckFor2xx(Incoming.Request);
                _stack.AwaitAck(this);
            }
            if (!Reliable)
            {
                _interval = _timers.T1;
                _retransmit = _stack.Time.CreateTimer(static s => ((ServerTransaction)s!).OnTimerG(), this, _interval, Timeout.InfiniteTimeSpan);
            }
            _timeout = _stack.Time.CreateTimer(static s => ((ServerTransaction)s!).OnTimerH(), this, _timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
        }
        else if (Reliable)
        {
            Terminate();
        }
        else
        {
            _timeout = _stack.Time.CreateTimer(static s => ((ServerTransaction)s!).OnTimerTerminate(), this, _timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
        }
        return true;
    }

    /// <summary>An ACK matched this INVITE transaction (or its 2xx). True when the TU should see the ACK (2xx case).</summary>
    public bool OnAck()
    {
        if (!IsInvite || LastResponse is null || !LastResponse.IsFinal) return false;
        bool for2xx = LastResponse.IsSuccess;
        if (State != ServerTransactionState.Completed) return false;
        State = ServerTransactionState.Confirmed;
        _retransmit?.Dispose();
        _retransmit = null;
        _stack.AckReceived(this);
        _timeout?.Dispose();
        // Timer I absorbs ACK retransmissions (T4 over UDP, none over TCP); after a 2xx the INVITE key
        // stays a little so a late INVITE retransmission is not taken for a new request.
        var linger = Reliable && !for2xx ? TimeSpan.Zero : _timers.T4;
        _timeout = _stack.Time.CreateTimer(static s => ((ServerTransaction)s!).OnTimerTerminate(), this, linger, Timeout.InfiniteTimeSpan);
        return for2xx;
    }

    private void OnTimerG()
    {
        lock (_stack.Gate)
        {
            if (State != ServerTransactionState.Completed || _lastBytes is null) return;
            _stack.Transmit(ResponseTarget, _lastBytes);
            _stack.Metrics.Retransmissions.Inc();
            _interval = _interval * 2 > _timers.T2 ? _timers.T2 : _interval * 2;
            _retransmit?.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimerH()
    {
        bool ackMissingFor2xx;
        lock (_stack.Gate)
        {
            if (State == ServerTransactionState.Terminated) return;
            ackMissingFor2xx = State == ServerTransactionState.Completed && LastResponse?.IsSuccess == true;
            Terminate();
        }
        if (ackMissingFor2xx) _stack.NotifyAckTimeout(Incoming);
    }

    private void OnTimerTerminate()
    {
        lock (_stack.Gate) Terminate();
    }

    private void OnPendingTimeout()
    {
        lock (_stack.Gate)
        {
            if (State is not (ServerTransactionState.Trying or ServerTransactionState.Proceeding)) return;
            if (IsInvite) Send(Incoming.CreateResponse(408, "No Final Response"));
            else Terminate();
        }
    }

    public void Terminate()
    {
        if (State == ServerTransactionState.Terminated) return;
        State = ServerTransactionState.Terminated;
        DisposeTimers();
        _stack.Remove(this);
    }

    private void DisposeTimers()
    {
        _retransmit?.Dispose();
        _retransmit = null;
        _timeout?.Dispose();
        _timeout = null;
    }
}
