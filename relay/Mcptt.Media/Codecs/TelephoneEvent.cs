using System.Buffers.Binary;

namespace Mcptt.Media.Codecs;

/// <summary>
/// One RFC 4733 named event (telephone-event payload, §2.3):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     event     |E|R| volume    |          duration             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Volume is the power level in −dBm0 (0..63); duration is in RTP timestamp units since the event began.
/// The R bit is reserved: written as zero, ignored on receipt.
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Size = 4;

    /// <summary>Reads the first event of a payload; false when it is shorter than 4 octets.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        if (payload.Length < Size)
        {
            value = default;
            return false;
        }
        value = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes the event; false when the destination is shorter than 4 octets or the volume exceeds 63.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size || Volume > 63) return false;
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | Volume);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return true;
    }

    /// <summary>The DTMF character of events 0..15 (0-9, *, #, A-D), or '\0' for other events.</summary>
    public char Digit => DtmfDigits.ToChar(Event);
}

/// <summary>The RFC 4733 §3.2 DTMF event codes.</summary>
public static class DtmfDigits
{
    private const string Characters = "0123456789*#ABCD";

    public static char ToChar(int eventCode) => eventCode is >= 0 and < 16 ? Characters[eventCode] : '\0';

    /// <summary>The event code of a DTMF character (case-insensitive), or −1.</summary>
    public static int ToEvent(char digit) => Characters.IndexOf(char.ToUpperInvariant(digit));
}
