using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Server;

/// <summary>State transitions. Every method here runs under the session lock.</summary>
public sealed partial class FloorSession
{
    private FloorJoinResult Join(FloorParticipant p)
    {
        switch (State)
        {
            case GeneralFloorState.Initialising:
                // Requests collected during setup are granted by Start(); the first one "wins" the
                // floor, which is what the SDP answer's mc_granted reports.
                if (!p.Options.ImplicitRequest) return FloorJoinResult.Joined;
                if (p.Options.ReceiveOnly) return FloorJoinResult.Denied;
                bool first = _queue.Count == 0;
                _queue.Enqueue(p, EffectivePriority(p, null));
                return first ? FloorJoinResult.Granted : FloorJoinResult.Queued;
            case GeneralFloorState.Idle:
                p.State = ParticipantFloorState.NotPermittedIdle;
                if (p.Options.ImplicitRequest) return Request(p, null);
                SendIdle(p, ackRequired: false);
                return FloorJoinResult.Joined;
            default:
                p.State = ParticipantFloorState.NotPermittedTaken;
                SendTaken(p);
                return p.Options.ImplicitRequest ? Request(p, null) : FloorJoinResult.Joined;
        }
    }

    private void Leave(FloorParticipant p)
    {
        p.State = ParticipantFloorState.Releasing;
        _queue.Remove(p);
        _participants.Remove(p);
        p.IdleUnacked = false;
        p.State = ParticipantFloorState.StartStop;
        if (ReferenceEquals(p, _holder)) EnterIdleOrGrantNext();
    }

    private void ReceiveDatagram(FloorParticipant? from, ReadOnlySpan<byte> datagram)
    {
        var reader = new FloorDatagramReader(datagram);
        while (reader.TryReadNext(out var packet, out var error))
        {
            switch (error)
            {
                case FloorParseError.None:
                    break;
                case FloorParseError.NotApp or FloorParseError.NotMcpt:
                    _metrics.CountDropped(FloorDropReason.NotMcpt);
                    continue;
                case FloorParseError.UnknownSubtype:
                    _metrics.CountIn((FloorMessageType)0xFF);
                    _metrics.CountDropped(FloorDropReason.UnknownSubtype);
                    continue;
                default:
                    _metrics.CountDropped(FloorDropReason.Malformed);
                    continue;
            }
            var sender = from ?? FindBySsrc(packet.Ssrc);
            if (sender is null)
            {
                _metrics.CountDropped(FloorDropReason.NonMember);
                continue;
            }
            if (FloorFields.TryDecode(packet.Payload, out var fields) != FloorParseError.None)
            {
                _metrics.CountDropped(FloorDropReason.Malformed);
                continue;
            }
            _metrics.CountIn(packet.Type);
            Dispatch(sender, packet, ref fields);
        }
    }

    private void Dispatch(FloorParticipant p, FloorPacket packet, ref FloorFields fields)
    {
        if (State is GeneralFloorState.StartStop or GeneralFloorState.Releasing)
        {
            _metrics.CountDropped(FloorDropReason.Unexpected);
            return;
        }
        switch (packet.Type)
        {
            case FloorMessageType.Request:
                Request(p, fields.Priority);
                break;
            case FloorMessageType.Release:
                Release(p, packet.RawSubtype);
                break;
            case FloorMessageType.Ack:
                Acknowledged(p, fields.AcknowledgedSubtype);
                break;
            case FloorMessageType.QueuePositionRequest:
                SendQueuePositionInfo(p);
                break;
            default:
                // Server-to-client messages arriving at the server: no procedure, discard (§6.3.4.1).
                _metrics.CountDropped(FloorDropReason.Unexpected);
                break;
        }
    }

    private byte EffectivePriority(FloorParticipant p, byte? requested)
    {
        byte wanted = requested ?? _options.DefaultPriority;
        return Math.Min(wanted, p.Options.MaxPriority);
    }

    private FloorJoinResult Request(FloorParticipant p, byte? requestedPriority)
    {
        byte priority = EffectivePriority(p, requestedPriority);
        if (p.Options.ReceiveOnly && State != GeneralFloorState.Initialising)
        {
            SendDeny(p, FloorDenyCause.ReceiveOnly);
            return FloorJoinResult.Denied;
        }
        switch (State)
        {
            case GeneralFloorState.Initialising:
                if (p.Options.ReceiveOnly) return FloorJoinResult.Denied;
                _queue.Enqueue(p, priority);
                return FloorJoinResult.Queued;
            case GeneralFloorState.Idle:
                if (_participants.Count <= 1)
                {
                    SendDeny(p, FloorDenyCause.OnlyOneParticipant);
                    return FloorJoinResult.Denied;
                }
                Grant(p, priority);
                return FloorJoinResult.Granted;
            case GeneralFloorState.Taken when ReferenceEquals(p, _holder):
                // The Granted was lost and the client retried (T101): repeat it.
                SendGranted(p);
                return FloorJoinResult.Granted;
            case GeneralFloorState.PendingRevoke when ReferenceEquals(p, _holder):
                SendRevoke(p, _revokeCause);
                return FloorJoinResult.Denied;
            case GeneralFloorState.Taken when priority > _holderPriority && priority >= _options.PreemptionThreshold:
                Preempt(p, priority);
                return FloorJoinResult.Queued;
            case GeneralFloorState.Taken or GeneralFloorState.PendingRevoke:
                return QueueOrDeny(p, priority);
            default:
                _metrics.CountDropped(FloorDropReason.Unexpected);
                return FloorJoinResult.Denied;
        }
    }

    private FloorJoinResult QueueOrDeny(FloorParticipant p, byte priority)
    {
        if (_queue.Contains(p))
        {
            // A repeat from a waiting participant: a queueing client learns its position again; a
            // pre-emptor without queueing just keeps waiting for the revoke to complete (a Deny
            // would contradict the grant that follows).
            if (p.Options.Queueing) SendQueuePositionInfo(p);
            return FloorJoinResult.Queued;
        }
        if (!p.Options.Queueing)
        {
            SendDeny(p, FloorDenyCause.AnotherClientHasPermission);
            return FloorJoinResult.Denied;
        }
        if (_queue.Count >= _options.MaxQueueSize)
        {
            SendDeny(p, FloorDenyCause.QueueFull);
            return FloorJoinResult.Denied;
        }
        _queue.Enqueue(p, priority);
        SendQueuePositionInfo(p);
        return FloorJoinResult.Queued;
    }

    private void Preempt(FloorParticipant preemptor, byte priority)
    {
        // The pre-emptor waits at the head of the queue (its priority is the highest) whether or
        // not it negotiated queueing; it is granted when the holder releases or T3 runs out.
        _queue.Enqueue(preemptor, priority);
        StartRevoke(FloorRevokeCause.MediaBurstPreempted);
    }

    private void StartRevoke(FloorRevokeCause cause)
    {
        var holder = _holder!;
        _t1.Stop();
        _t2.Stop();
        _t20.Stop();
        State = GeneralFloorState.PendingRevoke;
        holder.State = ParticipantFloorState.PendingRevoke;
        _revokeCause = cause;
        SendRevoke(holder, cause);
        _metrics.Revokes.Inc();
        FloorLog.Revoked(_logger, _name, holder.Id, (int)cause);
        _t3.Start(_timers.T3StopTalkingGrace);
        if (holder.Channel is not null) _t8.Start(_timers.T8FloorRevoke);
    }

    private void Grant(FloorParticipant p, byte priority)
    {
        _queue.Remove(p);
        _t4.Stop();
        _t7.Stop();
        foreach (var other in _participants) other.IdleUnacked = false;
        State = GeneralFloorState.Taken;
        _holderPriority = priority;
        _sequence++;
        SetHolder(p);
        _t2.Start(_timers.T2StopTalking);
        _t1.Start(_timers.T1EndOfRtpMedia);
        foreach (var other in _participants)
            other.State = ReferenceEquals(other, p) ? ParticipantFloorState.Permitted : ParticipantFloorState.NotPermittedTaken;
        _c20 = 0;
        SendGranted(p);
        if (p.AcksRequired) _t20.Start(_timers.T20FloorGranted);
        foreach (var other in _participants)
            if (!ReferenceEquals(other, p)) SendTaken(other);
        _metrics.Grants.Inc();
        FloorLog.Granted(_logger, _name, p.Id, priority);
    }

    /// <summary>Leaves the floor: grants the head of the queue, or enters G: Floor Idle.</summary>
    private void EnterIdleOrGrantNext()
    {
        _t1.Stop();
        _t2.Stop();
        _t3.Stop();
        _t8.Stop();
        _t20.Stop();
        while (_queue.TryDequeue(out var next, out byte priority))
        {
            if (_participants.Contains(next))
            {
                Grant(next, priority);
                return;
            }
        }
        State = GeneralFloorState.Idle;
        if (_holder is not null) SetHolder(null);
        _sequence++;
        _c7 = 0;
        bool anyAck = false;
        foreach (var p in _participants)
        {
            p.State = ParticipantFloorState.NotPermittedIdle;
            p.IdleUnacked = p.AcksRequired;
            anyAck |= p.AcksRequired;
            SendIdle(p, p.AcksRequired);
        }
        if (anyAck) _t7.Start(_timers.T7FloorIdle);
        _t4.Start(_timers.T4Inactivity);
        FloorLog.Idle(_logger, _name);
    }

    private void Release(FloorParticipant p, byte rawSubtype)
    {
        bool ackRequired = (rawSubtype & FloorSubtype.AckRequiredBit) != 0;
        if (ackRequired) SendAck(p, rawSubtype);
        if (ReferenceEquals(p, _holder) && State is GeneralFloorState.Taken or GeneralFloorState.PendingRevoke)
        {
            EnterIdleOrGrantNext();
            return;
        }
        if (_queue.Remove(p))
        {
            // Releasing a queued request cancels it; tell the client where it stands now.
            SendQueuePositionInfo(p);
            return;
        }
        if (p.State == ParticipantFloorState.NotPermittedSendsMedia)
        {
            p.State = State == GeneralFloorState.Idle ? ParticipantFloorState.NotPermittedIdle : ParticipantFloorState.NotPermittedTaken;
            return;
        }
        // A stray or retransmitted Release: count it and repeat the current floor status so a
        // client whose Idle/Taken was lost converges.
        _metrics.CountDropped(FloorDropReason.NotHolder);
        if (State == GeneralFloorState.Idle) SendIdle(p, ackRequired: false);
        else if (State is GeneralFloorState.Taken or GeneralFloorState.PendingRevoke) SendTaken(p);
    }

    private void Acknowledged(FloorParticipant p, byte? acknowledgedSubtype)
    {
        if (acknowledgedSubtype is not { } raw)
        {
            _metrics.CountDropped(FloorDropReason.Malformed);
            return;
        }
        switch ((FloorMessageType)(raw & 0x0F))
        {
            case FloorMessageType.Granted when ReferenceEquals(p, _holder):
                _t20.Stop();
                break;
            case FloorMessageType.Idle when p.IdleUnacked:
                p.IdleUnacked = false;
                if (!AnyIdleUnacked()) _t7.Stop();
                break;
            default:
                // Acks for messages we did not ask to be acknowledged (or late ones): harmless.
                break;
        }
    }

    private void MediaFrom(FloorParticipant p)
    {
        if (ReferenceEquals(p, _holder))
        {
            if (State != GeneralFloorState.Taken) return;
            _t1.Start(_timers.T1EndOfRtpMedia);
            _t20.Stop(); // media proves the Granted arrived
            return;
        }
        if (p.Options.LegacyNoFloorChannel)
        {
            // No floor channel: talking is the request. While someone else holds the floor the
            // gate drops this media, and there is nobody to send a Deny to.
            if (State is GeneralFloorState.Idle or GeneralFloorState.Initialising) Request(p, null);
            return;
        }
        if (_options.RevokeUnpermittedMedia && p.Channel is not null
            && p.State is ParticipantFloorState.NotPermittedIdle or ParticipantFloorState.NotPermittedTaken)
        {
            p.State = ParticipantFloorState.NotPermittedSendsMedia;
            SendRevoke(p, FloorRevokeCause.NoPermissionToSendMedia);
            _metrics.Revokes.Inc();
        }
    }

    private bool AnyIdleUnacked()
    {
        foreach (var p in _participants)
            if (p.IdleUnacked) return true;
        return false;
    }

    private void OnT1EndOfMedia()
    {
        // No media from the holder: release without a Revoke (the holder stopped talking or vanished).
        if (State == GeneralFloorState.Taken) EnterIdleOrGrantNext();
    }

    private void OnT2StopTalking()
    {
        if (State == GeneralFloorState.Taken && _holder is not null) StartRevoke(FloorRevokeCause.MediaBurstTooLong);
    }

    private void OnT3Grace()
    {
        if (State == GeneralFloorState.PendingRevoke) EnterIdleOrGrantNext();
    }

    private void OnT4Inactivity()
    {
        if (State != GeneralFloorState.Idle) return;
        FloorLog.Inactivity(_logger, _name);
        _pendingEvents.Add(new PendingEvent(Inactivity: true, Holder: null));
    }

    private void OnT7FloorIdle()
    {
        if (State != GeneralFloorState.Idle || _c7 >= _timers.C7FloorIdle) return;
        _c7++;
        foreach (var p in _participants)
            if (p.IdleUnacked) SendIdle(p, ackRequired: true);
        if (AnyIdleUnacked()) _t7.Start(_timers.T7FloorIdle);
    }

    private void OnT8FloorRevoke()
    {
        if (State != GeneralFloorState.PendingRevoke || _holder is null) return;
        SendRevoke(_holder, _revokeCause);
        _t8.Start(_timers.T8FloorRevoke);
    }

    private void OnT20FloorGranted()
    {
        if (State != GeneralFloorState.Taken || _holder is null || _c20 >= _timers.C20FloorGranted) return;
        _c20++;
        SendGranted(_holder);
        _t20.Start(_timers.T20FloorGranted);
    }
}
