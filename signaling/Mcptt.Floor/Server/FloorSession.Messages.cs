using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Server;

/// <summary>Message builders (field sets per TS 24.380 §8.2.4 .. §8.2.12). Run under the session lock.</summary>
public sealed partial class FloorSession
{
    /// <summary>Fits every message this server builds: URIs are capped by the 255-octet field length.</summary>
    private const int MaxMessageSize = 1024;

    private void SendGranted(FloorParticipant p)
    {
        if (p.Channel is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Granted, p.AcksRequired, _options.ServerSsrc);
        w.Duration((ushort)Math.Min(ushort.MaxValue, Math.Ceiling(_t2.Remaining.TotalSeconds)));
        if (p.Options.Ssrc is { } ssrc) w.Ssrc(ssrc);
        w.Priority(_holderPriority);
        WriteIndicator(ref w);
        Send(p, ref w, FloorMessageType.Granted);
    }

    private void SendTaken(FloorParticipant p)
    {
        if (p.Channel is null || _holder is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Taken, false, _options.ServerSsrc);
        w.GrantedPartyIdentity(_holder.UserId);
        w.PermissionToRequest(!_options.BroadcastGroup);
        w.SequenceNumber(_sequence);
        WriteIndicator(ref w);
        Send(p, ref w, FloorMessageType.Taken);
    }

    private void SendIdle(FloorParticipant p, bool ackRequired)
    {
        if (p.Channel is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Idle, ackRequired, _options.ServerSsrc);
        w.SequenceNumber(_sequence);
        WriteIndicator(ref w);
        Send(p, ref w, FloorMessageType.Idle);
    }

    private void SendDeny(FloorParticipant p, FloorDenyCause cause)
    {
        if (p.Channel is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Deny, false, _options.ServerSsrc);
        w.RejectCause((ushort)cause);
        WriteIndicator(ref w);
        Send(p, ref w, FloorMessageType.Deny);
    }

    private void SendRevoke(FloorParticipant p, FloorRevokeCause cause)
    {
        if (p.Channel is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Revoke, false, _options.ServerSsrc);
        w.RejectCause((ushort)cause);
        WriteIndicator(ref w);
        Send(p, ref w, FloorMessageType.Revoke);
    }

    private void SendQueuePositionInfo(FloorParticipant p)
    {
        if (p.Channel is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.QueuePositionInfo, false, _options.ServerSsrc);
        w.UserId(p.UserId);
        int position = _queue.PositionOf(p);
        if (position == 0) w.QueueInfo(FloorQueuePosition.NotQueued, 0);
        else w.QueueInfo((byte)Math.Min(position, FloorQueuePosition.NotQueued - 1), _queue.PriorityOf(p));
        WriteIndicator(ref w);
        Send(p, ref w, FloorMessageType.QueuePositionInfo);
    }

    private void SendAck(FloorParticipant p, byte acknowledgedRawSubtype)
    {
        if (p.Channel is null) return;
        Span<byte> buffer = stackalloc byte[MaxMessageSize];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Ack, false, _options.ServerSsrc);
        w.Source(FloorSource.ControllingFunction);
        w.MessageType(acknowledgedRawSubtype);
        Send(p, ref w, FloorMessageType.Ack);
    }

    private void WriteIndicator(ref FloorMessageWriter w)
    {
        if (_options.Indicator != FloorIndicator.None) w.Indicator(_options.Indicator);
    }

    private void Send(FloorParticipant p, ref FloorMessageWriter w, FloorMessageType type)
    {
        int length = w.Finish();
        if (length == 0) return; // cannot happen with capped fields; never send a torn message
        p.Channel!.Send(w.Buffer.Slice(0, length));
        _metrics.CountOut(type);
    }
}
