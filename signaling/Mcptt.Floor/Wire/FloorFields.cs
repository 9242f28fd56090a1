using System.Buffers.Binary;
using System.Text;

namespace Mcptt.Floor.Wire;

/// <summary>
/// The typed fields of one message, decoded in a single pass over the TLVs. Variable fields stay
/// spans into the datagram; strings are materialized only when a Get...() method is called.
/// Unknown field IDs are skipped and counted; a repeated field keeps its last value.
/// </summary>
public ref struct FloorFields
{
    public byte? Priority { get; private set; }
    public ushort? DurationSeconds { get; private set; }
    public ushort? RejectCause { get; private set; }
    public ReadOnlySpan<byte> RejectPhraseUtf8 { get; private set; }
    /// <summary>Queue Info: position (254 not queued, 255 unknown) and queue priority level.</summary>
    public (byte Position, byte Priority)? QueueInfo { get; private set; }
    public ReadOnlySpan<byte> GrantedPartyIdentityUtf8 { get; private set; }
    public bool? PermissionToRequest { get; private set; }
    public ReadOnlySpan<byte> UserIdUtf8 { get; private set; }
    public ushort? QueueSize { get; private set; }
    public ushort? SequenceNumber { get; private set; }
    public ReadOnlySpan<byte> QueuedUserIdUtf8 { get; private set; }
    public FloorSource? Source { get; private set; }
    /// <summary>Binary (queueing capability, participant type, references); never UTF-8 validated.</summary>
    public ReadOnlySpan<byte> TrackInfo { get; private set; }
    /// <summary>The raw subtype of the message a Floor Ack acknowledges.</summary>
    public byte? AcknowledgedSubtype { get; private set; }
    public FloorIndicator? Indicator { get; private set; }
    public uint? Ssrc { get; private set; }
    public int UnknownFieldCount { get; private set; }

    public readonly bool HasRejectCause => RejectCause.HasValue;

    public readonly string? GetUserId() => Utf8OrNull(UserIdUtf8);
    public readonly string? GetGrantedPartyIdentity() => Utf8OrNull(GrantedPartyIdentityUtf8);
    public readonly string? GetQueuedUserId() => Utf8OrNull(QueuedUserIdUtf8);
    public readonly string? GetRejectPhrase() => Utf8OrNull(RejectPhraseUtf8);

    public static FloorParseError TryDecode(ReadOnlySpan<byte> payload, out FloorFields fields)
    {
        fields = default;
        var reader = new FloorFieldReader(payload);
        while (reader.MoveNext())
        {
            if (!reader.TryGetId(out var id))
            {
                fields.UnknownFieldCount++;
                continue;
            }
            var error = fields.Apply(id, reader.Value);
            if (error != FloorParseError.None) return error;
        }
        return reader.Error;
    }

    private FloorParseError Apply(FloorFieldId id, ReadOnlySpan<byte> v)
    {
        switch (id)
        {
            case FloorFieldId.FloorPriority:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                Priority = v[0];
                break;
            case FloorFieldId.Duration:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                DurationSeconds = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case FloorFieldId.RejectCause:
                if (v.Length < 2) return FloorParseError.FieldBadLength;
                RejectCause = BinaryPrimitives.ReadUInt16BigEndian(v);
                RejectPhraseUtf8 = v.Slice(2);
                break;
            case FloorFieldId.QueueInfo:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                QueueInfo = (v[0], v[1]);
                break;
            case FloorFieldId.GrantedPartyIdentity:
                GrantedPartyIdentityUtf8 = v;
                break;
            case FloorFieldId.PermissionToRequest:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                PermissionToRequest = BinaryPrimitives.ReadUInt16BigEndian(v) != 0;
                break;
            case FloorFieldId.UserId:
                UserIdUtf8 = v;
                break;
            case FloorFieldId.QueueSize:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                QueueSize = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case FloorFieldId.MessageSequenceNumber:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case FloorFieldId.QueuedUserId:
                QueuedUserIdUtf8 = v;
                break;
            case FloorFieldId.Source:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                Source = (FloorSource)BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case FloorFieldId.TrackInfo:
                TrackInfo = v;
                break;
            case FloorFieldId.MessageType:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                AcknowledgedSubtype = (byte)(v[0] & FloorSubtype.Mask);
                break;
            case FloorFieldId.FloorIndicator:
                if (v.Length != 2) return FloorParseError.FieldBadLength;
                Indicator = (FloorIndicator)BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case FloorFieldId.Ssrc:
                // 32-bit SSRC + 16 spare bits (length 6).
                if (v.Length != 6) return FloorParseError.FieldBadLength;
                Ssrc = BinaryPrimitives.ReadUInt32BigEndian(v);
                break;
        }
        return FloorParseError.None;
    }

    private static string? Utf8OrNull(ReadOnlySpan<byte> v) => v.IsEmpty ? null : Encoding.UTF8.GetString(v);
}
