using System.Net;
using System.Text;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Floor;

/// <summary>
/// One floor control message received from (or sent to) the floor control server, flattened
/// to the fields a test or a person wants to see. Absent fields are null.
/// </summary>
public sealed record FloorEvent(FloorMessageType Type, bool AckRequired, uint Ssrc)
{
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public IPEndPoint? From { get; init; }

    public byte? Priority { get; init; }

    public ushort? DurationSeconds { get; init; }

    public ushort? RejectCause { get; init; }

    public string? RejectPhrase { get; init; }

    /// <summary>Queue Info octet 0: position, 254 = not queued, 255 = queued but position unknown.</summary>
    public byte? QueuePosition { get; init; }

    public byte? QueuePriority { get; init; }

    public string? GrantedPartyIdentity { get; init; }

    public string? UserId { get; init; }

    public ushort? MessageSequenceNumber { get; init; }

    public FloorIndicator? Indicator { get; init; }

    public bool? PermissionToRequest { get; init; }

    /// <summary>SSRC field (14): audio SSRC of the granted participant.</summary>
    public uint? GrantedSsrc { get; init; }

    /// <summary>Floor Ack's Message Type field: the subtype being acknowledged.</summary>
    public byte? AcknowledgedType { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder(FloorSubtype.Label(Type));
        if (AckRequired) text.Append(" (ack required)");
        if (GrantedPartyIdentity is not null) text.Append(" by ").Append(GrantedPartyIdentity);
        else if (UserId is not null) text.Append(" from ").Append(UserId);
        if (RejectCause is { } cause) text.Append(" cause ").Append(cause).Append(' ').Append(DescribeCause(cause));
        if (RejectPhrase is { Length: > 0 }) text.Append(" \"").Append(RejectPhrase).Append('"');
        if (QueuePosition is { } pos) text.Append(pos switch { 254 => " not queued", 255 => " queued (position unknown)", _ => $" queue position {pos}" });
        if (DurationSeconds is { } d) text.Append(" duration ").Append(d).Append('s');
        if (Priority is { } p) text.Append(" priority ").Append(p);
        if (MessageSequenceNumber is { } seq) text.Append(" seq ").Append(seq);
        return text.ToString();
    }

    private string DescribeCause(ushort cause) => Type switch
    {
        FloorMessageType.Deny => cause switch
        {
            1 => "(another MCPTT client has permission)",
            2 => "(internal floor control server error)",
            3 => "(only one participant)",
            4 => "(retry-after timer has not expired)",
            5 => "(receive only)",
            6 => "(no resources available)",
            7 => "(queue full)",
            _ => "(other reason)",
        },
        FloorMessageType.Revoke => cause switch
        {
            1 => "(only one MCPTT client)",
            2 => "(media burst too long)",
            3 => "(no permission to send a media burst)",
            4 => "(media burst pre-empted)",
            6 => "(no resources available)",
            _ => "(other reason)",
        },
        _ => string.Empty,
    };
}
