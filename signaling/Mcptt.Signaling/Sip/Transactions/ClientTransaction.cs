namespace Mcptt.Signaling.Sip;

public enum ClientTransactionState
{
    Calling,
    Trying,
    Proceeding,
    Accepted,
    Completed,
    Terminated,
}

/// <summary>
/// RFC 3261 §17.1 client transaction (+ RFC 6026 Accepted state) for a request the TU originates.
/// Retransmits over UDP (Timers A/E), times out with a synthesized 408 (Timers B/F), ACKs non-2xx
/// finals itself and passes every 2xx (retransmissions included) to the TU, which ACKs those.
/// </summary>
public sealed class ClientTransaction
{
    private readonly SipStack _stack;
    private readonly SipTimerOptions _timers;
    private readonly Action<SipResponse> _onResponse;
    private readonly byte[] _bytes;
    private ITimer? _retransmit;
    private ITimer? _timeout;
    private TimeSpan _interval;
    private byte[]? _ackBytes;
    private bool _cancelPending;

    internal ClientTransaction(SipStack stack, string key, SipRequest request, SipTarget target, byte[] bytes, Action<SipResponse> onResponse)
    {
        _stack = stack;
        _timers = stack.Options.Timers;
        Key = key;
        Request = request;
        Target = target;
        _bytes = bytes;
        _onResponse = onResponse;
        IsInvite = request.IsInvite;
        State = IsInvite ? ClientTransactionState.Calling : ClientTransactionState.Trying;
    }

    internal string Key { get; }

    public SipRequest Request { get; }
    public SipTarget Target { get; }
    public bool IsInvite { get; }
    public string Branch => Request.TopVia?.Branch ?? string.Empty;
    public ClientTransactionState State { get; private set; }

    /// <summary>The final response (received, or the synthesized 408/503), once there is one.</summary>
    public SipResponse? FinalResponse { get; private set; }

    /// <summary>True when the final response was synthesized because nothing answered.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The CANCEL transaction sent for this INVITE, if any.</summary>
    public ClientTransaction? CancelTransaction { get; private set; }

    /// <summary>
    /// RFC 3261 §9.1: cancels a pending INVITE. Before any provisional response the CANCEL is held
    /// and sent on the first 1xx. Returns false when there is nothing left to cancel.
    /// </summary>
    public bool Cancel() => _stack.CancelClientTransaction(this);

    internal void Start(bool reliable)
    {
        if (!reliable)
        {
            _interval = _timers.T1;
            _retransmit = _stack.Time.CreateTimer(static s => ((ClientTransaction)s!).OnRetransmitTimer(), this, _interval, Timeout.InfiniteTimeSpan);
        }
        _timeout = _stack.Time.CreateTimer(static s => ((ClientTransaction)s!).OnTimeoutTimer(), this, _timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called under the gate. Returns the callback to run outside it, if the TU must hear of this response.</summary>
    internal Action? OnResponse(SipResponse response)
    {
        switch (State)
        {
            case ClientTransactionState.Calling or ClientTransactionState.Trying or ClientTransactionState.Proceeding:
                if (response.IsProvisional)
                {
                    if (IsInvite)
                    {
                        // Timer A stops on a provisional; non-INVITE keeps retransmitting at T2 (§17.1.2.2).
                        _retransmit?.Dispose();
                        _retransmit = null;
                        // No Timer B in Proceeding: the UAS owns the INVITE now; only a pending CANCEL bounds it.
                        if (!_cancelPending)
                        {
                            _timeout?.Dispose();
                            _timeout = null;
                        }
                    }
                    State = ClientTransactionState.Proceeding;
                    if (_cancelPending) SendCancel();
                    return Deliver(response);
                }
                DisposeTimers();
                FinalResponse = response;
                if (IsInvite && response.IsSuccess)
                {
                    State = ClientTransactionState.Accepted;
                    _timeout = _stack.Time.CreateTimer(static s => ((ClientTransaction)s!).OnEndTimer(), this, _timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
                    return Deliver(response);
                }
                State = ClientTransactionState.Completed;
                if (IsInvite)
                {
                    _ackBytes = SipSerializer.Serialize(Request.CreateAckForNon2xx(response));
                    _stack.Transmit(Target, _ackBytes);
                }
                var linger = Target.Transport != SipTransportKind.Udp ? TimeSpan.Zero : IsInvite ? _timers.TimerD : _timers.T4;
                _timeout = _stack.Time.CreateTimer(static s => ((ClientTransaction)s!).OnEndTimer(), this, linger, Timeout.InfiniteTimeSpan);
                return Deliver(response);

            case ClientTransactionState.Accepted:
                // 2xx retransmissions go to the TU, which re-sends its ACK (RFC 6026 §8.4).
                return response.IsSuccess ? Deliver(response) : null;

            case ClientTransactionState.Completed:
                if (IsInvite && !response.IsProvisional && _ackBytes is not null) _stack.Transmit(Target, _ackBytes);
                return null;

            default:
                return null;
        }
    }

    internal bool RequestCancel()
    {
        if (!IsInvite || CancelTransaction is not null || _cancelPending) return false;
        if (State == ClientTransactionState.Calling)
        {
            _cancelPending = true;
            return true;
        }
        if (State != ClientTransactionState.Proceeding) return false;
        _cancelPending = true;
        SendCancel();
        return true;
    }

    private void SendCancel()
    {
        if (CancelTransaction is not null) return;
        CancelTransaction = _stack.SendRequest(Request.CreateCancel(), Target, static _ => { });
        // §9.1: if no final response arrives within 64*T1 of the CANCEL, give up on the INVITE.
        _timeout?.Dispose();
        _timeout = _stack.Time.CreateTimer(static s => ((ClientTransaction)s!).OnTimeoutTimer(), this, _timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
    }

    private Action Deliver(SipResponse response) => () =>
    {
        try
        {
            _onResponse(response);
        }
        catch (Exception ex)
        {
            _stack.LogResponseCallbackFailure(this, ex);
        }
    };

    private void OnRetransmitTimer()
    {
        lock (_stack.Gate)
        {
            if (State is not (ClientTransactionState.Calling or ClientTransactionState.Trying or ClientTransactionState.Proceeding)) return;
            if (IsInvite && State != ClientTransactionState.Calling) return;
            _stack.Transmit(Target, _bytes);
            _stack.Metrics.Retransmissions.Inc();
            // Timer A doubles without bound (B ends it); E doubles up to T2, and is T2 once Proceeding.
            _interval = IsInvite ? _interval * 2 : State == ClientTransactionState.Proceeding ? _timers.T2 : Min(_interval * 2, _timers.T2);
            _retransmit?.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimeoutTimer()
    {
        Action? deliver = null;
        lock (_stack.Gate)
        {
            if (State is not (ClientTransactionState.Calling or ClientTransactionState.Trying or ClientTransactionState.Proceeding)) return;
            TimedOut = true;
            FinalResponse = SipResponse.CreateFor(Request, 408, "Request Timeout");
            _stack.LogClientTimeout(this);
            Terminate();
            deliver = Deliver(FinalResponse);
        }
        deliver();
    }

    private void OnEndTimer()
    {
        lock (_stack.Gate) Terminate();
    }

    internal void Terminate()
    {
        if (State == ClientTransactionState.Terminated) return;
        State = ClientTransactionState.Terminated;
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
