using System.Buffers.Binary;
using System.Text;

namespace Mcptt.Floor.Wire;

/// <summary>
/// Writes one floor control message (layout in <see cref="FloorPacket"/>, TLVs in
/// <see cref="FloorFieldReader"/>) into a caller-supplied span. Fields are appended in call
/// order; running out of space (or a value too long for its length octet) sets
/// <see cref="Overflowed"/> and <see cref="Finish"/> then returns 0 — no exception.
/// </summary>
public ref struct FloorMessageWriter
{
    private readonly Span<byte> _dest;
    private int _pos;

    public FloorMessageWriter(Span<byte> destination, FloorMessageType type, bool ackRequired, uint ssrc)
        : this(destination, FloorSubtype.Encode(type, ackRequired), ssrc)
    {
    }

    /// <summary>Raw subtype form, for tests and for echoing subtypes this server does not model.</summary>
    public FloorMessageWriter(Span<byte> destination, byte rawSubtype, uint ssrc)
    {
        _dest = destination;
        _pos = 0;
        Overflowed = destination.Length < FloorPacket.HeaderSize;
        if (Overflowed) return;
        destination[0] = (byte)(FloorPacket.Version << 6 | (rawSubtype & FloorSubtype.Mask));
        destination[1] = FloorPacket.PayloadTypeApp;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), FloorPacket.NameMcpt);
        _pos = FloorPacket.HeaderSize;
    }

    public bool Overflowed { get; private set; }

    /// <summary>The destination span (the message is its first <see cref="Finish"/> octets).</summary>
    public readonly Span<byte> Buffer => _dest;

    public void Priority(byte priority) => Fixed16(FloorFieldId.FloorPriority, (ushort)(priority << 8));

    public void Duration(ushort seconds) => Fixed16(FloorFieldId.Duration, seconds);

    public void RejectCause(ushort cause, ReadOnlySpan<char> phrase = default)
    {
        int phraseLength = Encoding.UTF8.GetByteCount(phrase);
        var value = Begin((byte)FloorFieldId.RejectCause, 2 + phraseLength);
        if (value.IsEmpty) return;
        BinaryPrimitives.WriteUInt16BigEndian(value, cause);
        Encoding.UTF8.GetBytes(phrase, value.Slice(2));
    }

    public void QueueInfo(byte position, byte queuePriority) => Fixed16(FloorFieldId.QueueInfo, (ushort)(position << 8 | queuePriority));

    public void GrantedPartyIdentity(ReadOnlySpan<char> mcpttId) => Text(FloorFieldId.GrantedPartyIdentity, mcpttId);

    public void PermissionToRequest(bool permitted) => Fixed16(FloorFieldId.PermissionToRequest, permitted ? (ushort)1 : (ushort)0);

    public void UserId(ReadOnlySpan<char> mcpttId) => Text(FloorFieldId.UserId, mcpttId);

    public void QueueSize(ushort size) => Fixed16(FloorFieldId.QueueSize, size);

    public void SequenceNumber(ushort sequence) => Fixed16(FloorFieldId.MessageSequenceNumber, sequence);

    public void QueuedUserId(ReadOnlySpan<char> mcpttId) => Text(FloorFieldId.QueuedUserId, mcpttId);

    public void Source(FloorSource source) => Fixed16(FloorFieldId.Source, (ushort)source);

    public void TrackInfo(ReadOnlySpan<byte> trackInfo) => Field((byte)FloorFieldId.TrackInfo, trackInfo);

    /// <summary>Message Type field of a Floor Ack: the raw subtype being acknowledged + spare octet.</summary>
    public void MessageType(byte acknowledgedRawSubtype) => Fixed16(FloorFieldId.MessageType, (ushort)((acknowledgedRawSubtype & FloorSubtype.Mask) << 8));

    public void Indicator(FloorIndicator indicator) => Fixed16(FloorFieldId.FloorIndicator, (ushort)indicator);

    /// <summary>SSRC field: 32-bit SSRC followed by 16 spare bits (length 6).</summary>
    public void Ssrc(uint ssrc)
    {
        var value = Begin((byte)FloorFieldId.Ssrc, 6);
        if (value.IsEmpty) return;
        BinaryPrimitives.WriteUInt32BigEndian(value, ssrc);
    }

    /// <summary>Any field by raw ID (IDs &gt;= 192 get a 2-octet length).</summary>
    public void Field(byte rawId, ReadOnlySpan<byte> value)
    {
        var dest = Begin(rawId, value.Length);
        if (!dest.IsEmpty) value.CopyTo(dest);
    }

    /// <summary>Writes the RTCP length and returns the message size, or 0 when it did not fit.</summary>
    public int Finish()
    {
        if (Overflowed) return 0;
        BinaryPrimitives.WriteUInt16BigEndian(_dest.Slice(2), (ushort)(_pos / 4 - 1));
        return _pos;
    }

    private void Fixed16(FloorFieldId id, ushort value)
    {
        var dest = Begin((byte)id, 2);
        if (!dest.IsEmpty) BinaryPrimitives.WriteUInt16BigEndian(dest, value);
    }

    private void Text(FloorFieldId id, ReadOnlySpan<char> text)
    {
        var dest = Begin((byte)id, Encoding.UTF8.GetByteCount(text));
        if (!dest.IsEmpty) Encoding.UTF8.GetBytes(text, dest);
    }

    /// <summary>Writes ID + length, zero-fills value and padding, returns the value slice (empty on overflow or zero length).</summary>
    private Span<byte> Begin(byte rawId, int length)
    {
        if (Overflowed) return default;
        int lengthSize = rawId >= FloorFieldIds.TwoOctetLengthThreshold ? 2 : 1;
        int maxLength = lengthSize == 1 ? byte.MaxValue : ushort.MaxValue;
        int header = 1 + lengthSize;
        int padded = (header + length + 3) & ~3;
        // The RTCP length field caps a packet at 65536 words; stay far below with the span bound.
        if (length > maxLength || _pos + padded > _dest.Length)
        {
            Overflowed = true;
            return default;
        }
        var field = _dest.Slice(_pos, padded);
        field.Clear();
        field[0] = rawId;
        if (lengthSize == 1) field[1] = (byte)length;
        else BinaryPrimitives.WriteUInt16BigEndian(field.Slice(1), (ushort)length);
        _pos += padded;
        return field.Slice(header, length);
    }
}
