namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// Walks the individual packets of a compound RTCP datagram (RFC 3550 §6.1), validating every
/// length field against what actually arrived. A packet whose length field points past the
/// datagram ("lying length"), a version other than 2 or padding anywhere but the last packet
/// stops the walk with <see cref="Error"/> set; callers count that as a malformed drop.
/// <code>
/// while (reader.TryNext(out var packet)) { ... }
/// if (reader.Error != WireError.None) { drop }
/// </code>
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly Span<byte> _data;
    private int _offset;

    public RtcpCompoundReader(Span<byte> data)
    {
        _data = data;
        _offset = 0;
        Error = data.Length < RtcpPacket.HeaderLength ? WireError.TooShort : WireError.None;
    }

    public WireError Error { get; private set; }

    public int Offset => _offset;

    public bool TryNext(out RtcpPacket packet)
    {
        packet = default;
        if (Error != WireError.None || _offset == _data.Length) return false;

        var rest = _data.Slice(_offset);
        if (rest.Length < RtcpPacket.HeaderLength) return Fail(WireError.TooShort);
        if (rest[0] >> 6 != RtpPacket.Version2) return Fail(WireError.BadVersion);

        int length = RtcpPacket.DeclaredLength(rest);
        if (length > rest.Length) return Fail(WireError.LengthOverrun);

        var candidate = new RtcpPacket(rest.Slice(0, length));
        if (candidate.HasPadding)
        {
            // Only the last packet of a compound may be padded (RFC 3550 §6.4.1).
            if (length != rest.Length) return Fail(WireError.PaddingNotLast);
            int pad = rest[length - 1];
            if (pad == 0 || pad > length - RtcpPacket.HeaderLength) return Fail(WireError.BadPadding);
        }

        _offset += length;
        packet = candidate;
        return true;
    }

    /// <summary>Walks the whole datagram; returns the first error or None. Used by the classifier.</summary>
    public static WireError Validate(Span<byte> data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.TryNext(out _)) { }
        return reader.Error;
    }

    private bool Fail(WireError error)
    {
        Error = error;
        return false;
    }
}
