namespace Mcptt.Floor.Wire;

/// <summary>
/// Iterates the APP packets of one datagram ("more than one media plane control message can be
/// sent in a single IP packet", TS 24.380 §8.1.1). Each step yields either a packet or an error;
/// after a framing error (lying length, bad version, truncation) the rest of the datagram cannot
/// be trusted and iteration ends.
/// </summary>
public ref struct FloorDatagramReader
{
    private ReadOnlySpan<byte> _rest;

    public FloorDatagramReader(ReadOnlySpan<byte> datagram) => _rest = datagram;

    /// <summary>False once the datagram is exhausted. Otherwise <paramref name="error"/> says whether <paramref name="packet"/> is usable.</summary>
    public bool TryReadNext(out FloorPacket packet, out FloorParseError error)
    {
        if (_rest.IsEmpty)
        {
            packet = default;
            error = FloorParseError.None;
            return false;
        }
        error = FloorPacket.TryRead(_rest, out packet, out int consumed);
        _rest = _rest.Slice(consumed);
        return true;
    }
}
