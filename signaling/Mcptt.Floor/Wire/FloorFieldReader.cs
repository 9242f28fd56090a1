using System.Buffers.Binary;

namespace Mcptt.Floor.Wire;

/// <summary>
/// Iterates the TLV fields of a floor control message (TS 24.380 §8.2.3).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Field ID    |    Length     |  value ...  (ID &lt; 192)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Field ID    |         Length (ID &gt;= 192)   |  value ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Length counts value octets only; ID + length + value is zero-padded to a 32-bit boundary
/// and the pad octets are ignored on receive.
/// </summary>
public ref struct FloorFieldReader
{
    private ReadOnlySpan<byte> _rest;

    public FloorFieldReader(ReadOnlySpan<byte> payload)
    {
        _rest = payload;
        Error = FloorParseError.None;
        RawId = 0;
        Value = default;
    }

    /// <summary>Set when iteration stopped on a malformed field.</summary>
    public FloorParseError Error { get; private set; }

    /// <summary>The field ID as on the wire (legacy IDs 102..116 included).</summary>
    public byte RawId { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>The current field in current numbering; false for unknown IDs (skip them).</summary>
    public readonly bool TryGetId(out FloorFieldId id) => FloorFieldIds.TryNormalize(RawId, out id);

    public bool MoveNext()
    {
        if (_rest.IsEmpty || Error != FloorParseError.None) return false;
        byte id = _rest[0];
        int lengthSize = id >= FloorFieldIds.TwoOctetLengthThreshold ? 2 : 1;
        int headerSize = 1 + lengthSize;
        if (_rest.Length < headerSize) return Fail();
        int length = lengthSize == 1 ? _rest[1] : BinaryPrimitives.ReadUInt16BigEndian(_rest.Slice(1));
        if (headerSize + length > _rest.Length) return Fail();
        RawId = id;
        Value = _rest.Slice(headerSize, length);
        int padded = (headerSize + length + 3) & ~3;
        // A sender that omits the final pad is tolerated: the value itself is complete.
        _rest = _rest.Slice(Math.Min(padded, _rest.Length));
        return true;
    }

    private bool Fail()
    {
        Error = FloorParseError.FieldPastEnd;
        _rest = default;
        Value = default;
        return false;
    }
}
