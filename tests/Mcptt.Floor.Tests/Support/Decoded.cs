using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Support;

/// <summary>A received floor message copied out of its span, for assertions.</summary>
public sealed record Decoded(
    FloorMessageType Type,
    bool AckRequired,
    byte RawSubtype,
    uint HeaderSsrc,
    byte? Priority,
    ushort? Duration,
    ushort? RejectCause,
    string? RejectPhrase,
    (byte Position, byte Priority)? QueueInfo,
    string? GrantedParty,
    bool? Permission,
    string? UserId,
    ushort? Sequence,
    FloorIndicator? Indicator,
    uint? Ssrc,
    byte? AcknowledgedSubtype,
    FloorSource? Source)
{
    /// <summary>Decodes exactly one valid message, or throws (test helper only).</summary>
    public static Decoded From(ReadOnlySpan<byte> datagram)
    {
        var error = FloorPacket.TryRead(datagram, out var packet, out int consumed);
        if (error != FloorParseError.None) throw new InvalidOperationException($"packet error {error}");
        if (consumed != datagram.Length) throw new InvalidOperationException("trailing bytes");
        var fieldsError = FloorFields.TryDecode(packet.Payload, out var f);
        if (fieldsError != FloorParseError.None) throw new InvalidOperationException($"field error {fieldsError}");
        return new Decoded(packet.Type, packet.AckRequired, packet.RawSubtype, packet.Ssrc, f.Priority, f.DurationSeconds,
            f.RejectCause, f.GetRejectPhrase(), f.QueueInfo, f.GetGrantedPartyIdentity(), f.PermissionToRequest, f.GetUserId(),
            f.SequenceNumber, f.Indicator, f.Ssrc, f.AcknowledgedSubtype, f.Source);
    }
}
