using System.Net;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Floor;

/// <summary>Turns datagrams into <see cref="FloorEvent"/>s and builds the messages a participant sends, using the Mcptt.Floor wire codec.</summary>
public static class FloorCodec
{
    /// <summary>Every message a participant may send fits easily; user IDs are bounded by this too.</summary>
    public const int MaxMessageSize = 512;

    /// <summary>Decodes every MCPT message in a datagram; malformed ones are counted in <paramref name="invalid"/>.</summary>
    public static List<FloorEvent> Decode(ReadOnlySpan<byte> datagram, IPEndPoint? from, out int invalid)
    {
        var events = new List<FloorEvent>(1);
        invalid = 0;
        var reader = new FloorDatagramReader(datagram);
        while (reader.TryReadNext(out FloorPacket packet, out FloorParseError error))
        {
            if (error != FloorParseError.None)
            {
                invalid++;
                continue;
            }

            if (FloorFields.TryDecode(packet.Payload, out FloorFields f) != FloorParseError.None)
            {
                invalid++;
                continue;
            }

            events.Add(new FloorEvent(packet.Type, packet.AckRequired, packet.Ssrc)
            {
                From = from,
                Priority = f.Priority,
                DurationSeconds = f.DurationSeconds,
                RejectCause = f.RejectCause,
                RejectPhrase = f.GetRejectPhrase(),
                QueuePosition = f.QueueInfo?.Position,
                QueuePriority = f.QueueInfo?.Priority,
                GrantedPartyIdentity = f.GetGrantedPartyIdentity(),
                UserId = f.GetUserId(),
                MessageSequenceNumber = f.SequenceNumber,
                Indicator = f.Indicator,
                PermissionToRequest = f.PermissionToRequest,
                GrantedSsrc = f.Ssrc,
                AcknowledgedType = f.AcknowledgedSubtype,
            });
        }

        return events;
    }

    /// <summary>Floor Request (§8.2.2): optional Floor Priority and User ID.</summary>
    public static int WriteRequest(Span<byte> destination, uint ssrc, byte? priority, string? userId)
    {
        var writer = new FloorMessageWriter(destination, FloorMessageType.Request, ackRequired: false, ssrc);
        if (priority is { } p)
        {
            writer.Priority(p);
        }

        if (!string.IsNullOrEmpty(userId))
        {
            writer.UserId(userId);
        }

        return writer.Finish();
    }

    /// <summary>Floor Release (§8.2.7): optional User ID.</summary>
    public static int WriteRelease(Span<byte> destination, uint ssrc, string? userId)
    {
        var writer = new FloorMessageWriter(destination, FloorMessageType.Release, ackRequired: false, ssrc);
        if (!string.IsNullOrEmpty(userId))
        {
            writer.UserId(userId);
        }

        return writer.Finish();
    }

    /// <summary>Floor Queue Position Request (§8.2.11): optional User ID.</summary>
    public static int WriteQueuePositionRequest(Span<byte> destination, uint ssrc, string? userId)
    {
        var writer = new FloorMessageWriter(destination, FloorMessageType.QueuePositionRequest, ackRequired: false, ssrc);
        if (!string.IsNullOrEmpty(userId))
        {
            writer.UserId(userId);
        }

        return writer.Finish();
    }

    /// <summary>Floor Ack (§8.2.13): Source = floor participant, Message Type = the acknowledged raw subtype.</summary>
    public static int WriteAck(Span<byte> destination, uint ssrc, FloorMessageType acknowledged, bool ackRequiredBit)
    {
        var writer = new FloorMessageWriter(destination, FloorMessageType.Ack, ackRequired: false, ssrc);
        writer.Source(FloorSource.FloorParticipant);
        writer.MessageType(FloorSubtype.Encode(acknowledged, ackRequiredBit));
        return writer.Finish();
    }
}
