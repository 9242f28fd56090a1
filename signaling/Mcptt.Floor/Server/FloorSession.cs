using Mcptt.Floor.Wire;
using Microsoft.Extensions.Logging;

namespace Mcptt.Floor.Server;

/// <summary>
/// Floor control for one MCPTT call: the general state machine (TS 24.380 §6.3.4) plus one
/// machine per participant (§6.3.5). Control plane only: every input (floor messages, media
/// activity reports, timer expiries, membership changes) runs under one lock, so the session is
/// effectively single-threaded and deterministic under a manual <see cref="TimeProvider"/>.
/// Outputs: floor messages through each participant's <see cref="IFloorParticipantChannel"/>, the
/// talker through <see cref="IFloorMediaGate"/> (both called under the lock), and the
/// <see cref="HolderChanged"/> / <see cref="InactivityTimeout"/> events (raised after the lock is
/// released, so handlers may call back into the session).
/// </summary>
public sealed partial class FloorSession : IDisposable
{
    private readonly object _lock = new();
    private readonly List<FloorParticipant> _participants = new();
    private readonly FloorQueue _queue = new();
    private readonly List<PendingEvent> _pendingEvents = new();
    private readonly FloorSessionOptions _options;
    private readonly FloorTimers _timers;
    private readonly FloorMetrics _metrics;
    private readonly IFloorMediaGate _gate;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly SessionTimer _t1, _t2, _t3, _t4, _t7, _t8, _t20;
    private FloorParticipant? _holder;
    private byte _holderPriority;
    private ushort _sequence;
    private int _c7, _c20;
    private FloorRevokeCause _revokeCause;

    internal FloorSession(FloorSessionOptions options, FloorTimers timers, FloorMetrics metrics, TimeProvider time,
        IFloorMediaGate gate, ILogger logger)
    {
        _options = options;
        _timers = options.Timers ?? timers;
        _metrics = metrics;
        _gate = gate;
        _logger = logger;
        _name = options.Label ?? "floor";
        _t1 = new SessionTimer(this, time, OnT1EndOfMedia);
        _t2 = new SessionTimer(this, time, OnT2StopTalking);
        _t3 = new SessionTimer(this, time, OnT3Grace);
        _t4 = new SessionTimer(this, time, OnT4Inactivity);
        _t7 = new SessionTimer(this, time, OnT7FloorIdle);
        _t8 = new SessionTimer(this, time, OnT8FloorRevoke);
        _t20 = new SessionTimer(this, time, OnT20FloorGranted);
        State = GeneralFloorState.Initialising;
        _metrics.SessionOpened();
    }

    /// <summary>The floor holder changed (participant id, null = nobody). Raised outside the lock.</summary>
    public event Action<FloorSession, string?>? HolderChanged;

    /// <summary>T4 expired: the floor stayed idle too long and the call should end. Raised outside the lock.</summary>
    public event Action<FloorSession>? InactivityTimeout;

    public string Name => _name;

    public GeneralFloorState State { get; private set; }

    public string? Holder
    {
        get { lock (_lock) return _holder?.Id; }
    }

    /// <summary>The Message Sequence Number last used in Floor Taken / Floor Idle.</summary>
    public ushort SequenceNumber
    {
        get { lock (_lock) return _sequence; }
    }

    public int ParticipantCount
    {
        get { lock (_lock) return _participants.Count; }
    }

    public ParticipantFloorState GetParticipantState(string participantId)
    {
        lock (_lock) return Find(participantId)?.State ?? ParticipantFloorState.StartStop;
    }

    /// <summary>Queued participant ids, head first.</summary>
    public IReadOnlyList<string> GetQueue()
    {
        lock (_lock)
        {
            var ids = new string[_queue.Count];
            for (int i = 0; i < ids.Length; i++) ids[i] = _queue[i].Id;
            return ids;
        }
    }

    /// <summary>
    /// Adds a participant (channel null only for legacy participants without a floor channel).
    /// With <see cref="FloorParticipantOptions.ImplicitRequest"/> joining is a Floor Request.
    /// Throws on a duplicate id (a call-control bug, not hostile input).
    /// </summary>
    public FloorJoinResult AddParticipant(FloorParticipantOptions options, IFloorParticipantChannel? channel)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (System.Text.Encoding.UTF8.GetByteCount(options.UserId ?? options.Id) > byte.MaxValue)
            throw new ArgumentException("MCPTT ID longer than 255 octets cannot be carried in a floor field", nameof(options));
        if (options.LegacyNoFloorChannel != (channel is null))
            throw new ArgumentException("exactly the legacy (no floor channel) participants come without a channel", nameof(channel));
        FloorJoinResult result;
        lock (_lock)
        {
            if (State is GeneralFloorState.Releasing or GeneralFloorState.StartStop)
                throw new InvalidOperationException($"floor session {_name} is stopped");
            if (Find(options.Id) is not null)
                throw new InvalidOperationException($"participant '{options.Id}' already in floor session {_name}");
            var p = new FloorParticipant(options, channel, options.AcknowledgementsRequired ?? _options.AcknowledgementsRequired);
            _participants.Add(p);
            p.State = ParticipantFloorState.NotPermittedInitiating;
            result = Join(p);
        }
        RaisePendingEvents();
        return result;
    }

    /// <summary>Removes a participant; if it held the floor the floor is released. False when unknown.</summary>
    public bool RemoveParticipant(string participantId)
    {
        bool removed;
        lock (_lock)
        {
            var p = Find(participantId);
            removed = p is not null;
            if (p is not null) Leave(p);
        }
        RaisePendingEvents();
        return removed;
    }

    /// <summary>Ends G: Floor Initialising: grants the first collected request, else enters G: Floor Idle.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (State != GeneralFloorState.Initialising) return;
            FloorLog.SessionStarted(_logger, _name);
            EnterIdleOrGrantNext();
        }
        RaisePendingEvents();
    }

    /// <summary>A datagram from the participant's floor channel (one or more MCPT APP packets).</summary>
    public void Receive(string participantId, ReadOnlySpan<byte> datagram)
    {
        lock (_lock)
        {
            var p = Find(participantId);
            if (p is null) _metrics.CountDropped(FloorDropReason.NonMember);
            else ReceiveDatagram(p, datagram);
        }
        RaisePendingEvents();
    }

    /// <summary>A datagram whose sender is known only by the SSRC in each packet's header.</summary>
    public void ReceiveBySsrc(ReadOnlySpan<byte> datagram)
    {
        lock (_lock) ReceiveDatagram(null, datagram);
        RaisePendingEvents();
    }

    /// <summary>
    /// Call control / the binding saw RTP from the participant since the last report. Restarts T1
    /// for the holder; from a legacy participant while the floor is idle it is an implicit request.
    /// </summary>
    public void OnMedia(string participantId)
    {
        lock (_lock)
        {
            var p = Find(participantId);
            if (p is not null) MediaFrom(p);
        }
        RaisePendingEvents();
    }

    /// <summary>Releasing → Start-stop: stops every timer and clears the holder. Idempotent.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (State is GeneralFloorState.StartStop or GeneralFloorState.Releasing) return;
            State = GeneralFloorState.Releasing;
            DisposeAllTimers();
            _queue.Clear();
            foreach (var p in _participants) p.State = ParticipantFloorState.Releasing;
            if (_holder is not null) SetHolder(null);
            foreach (var p in _participants) p.State = ParticipantFloorState.StartStop;
            _participants.Clear();
            State = GeneralFloorState.StartStop;
            _metrics.SessionClosed();
            FloorLog.SessionStopped(_logger, _name);
        }
        RaisePendingEvents();
    }

    public void Dispose() => Stop();

    internal void OnTimer(SessionTimer timer)
    {
        lock (_lock)
        {
            if (State is GeneralFloorState.StartStop or GeneralFloorState.Releasing) return;
            timer.Expire();
        }
        RaisePendingEvents();
    }

    private FloorParticipant? Find(string id)
    {
        foreach (var p in _participants)
            if (p.Id == id) return p;
        return null;
    }

    private FloorParticipant? FindBySsrc(uint ssrc)
    {
        foreach (var p in _participants)
            if (p.Options.Ssrc == ssrc) return p;
        return null;
    }

    private void SetHolder(FloorParticipant? holder)
    {
        _holder = holder;
        _gate.SetHolder(holder?.Id);
        if (HolderChanged is not null) _pendingEvents.Add(new PendingEvent(Inactivity: false, holder?.Id));
    }

    private void RaisePendingEvents()
    {
        // The common case (a grant or an idle: one event) copies it out without allocating.
        PendingEvent single;
        PendingEvent[]? several = null;
        lock (_lock)
        {
            if (_pendingEvents.Count == 0) return;
            single = _pendingEvents[0];
            if (_pendingEvents.Count > 1) several = _pendingEvents.ToArray();
            _pendingEvents.Clear();
        }
        if (several is null) Raise(single);
        else foreach (var pending in several) Raise(pending);
    }

    private void Raise(PendingEvent pending)
    {
        try
        {
            if (pending.Inactivity) InactivityTimeout?.Invoke(this);
            else HolderChanged?.Invoke(this, pending.Holder);
        }
        catch (Exception ex)
        {
            // A faulty subscriber must not wedge the floor machine.
            FloorLog.HandlerFailed(_logger, _name, ex);
        }
    }

    /// <summary>An event to raise once the lock is released: T4 expiry, or the new holder (null = nobody).</summary>
    private readonly record struct PendingEvent(bool Inactivity, string? Holder);

    private void DisposeAllTimers()
    {
        _t1.Dispose(); _t2.Dispose(); _t3.Dispose(); _t4.Dispose(); _t7.Dispose(); _t8.Dispose(); _t20.Dispose();
    }
}
