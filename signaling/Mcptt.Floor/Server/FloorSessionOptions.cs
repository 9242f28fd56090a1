using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Server;

/// <summary>Per-call floor control settings.</summary>
public sealed record FloorSessionOptions
{
    /// <summary>For logs only (call-id or group URI); never parsed.</summary>
    public string? Label { get; init; }

    /// <summary>SSRC in the header of messages the server sends.</summary>
    public uint ServerSsrc { get; init; }

    /// <summary>Floor Indicator sent in Granted/Taken/Idle/Deny/Revoke; None omits the field.</summary>
    public FloorIndicator Indicator { get; init; } = FloorIndicator.NormalCall;

    /// <summary>Broadcast group call: Floor Taken carries Permission to Request = 0.</summary>
    public bool BroadcastGroup { get; init; }

    /// <summary>Priority of a Floor Request without a Floor Priority field (capped by the participant's maximum).</summary>
    public byte DefaultPriority { get; init; } = 1;

    /// <summary>
    /// A request pre-empts the holder only when its priority is higher than the holder's AND at
    /// least this value. 1 = any strictly higher priority pre-empts; 255 = effectively only 255.
    /// </summary>
    public byte PreemptionThreshold { get; init; } = 1;

    /// <summary>Queued requests beyond this are denied with cause 7 (queue full).</summary>
    public int MaxQueueSize { get; init; } = 32;

    /// <summary>Default for participants that do not say: send Granted/Idle as ack-required variants and retransmit until Floor Ack.</summary>
    public bool AcknowledgementsRequired { get; init; } = true;

    /// <summary>
    /// Send Floor Revoke cause 3 to a floor-channel participant reported sending media without
    /// permission (state "U: not permitted but sends media"). Off by default: the media gate already
    /// drops such media and activity reports may lag a floor change.
    /// </summary>
    public bool RevokeUnpermittedMedia { get; init; }

    /// <summary>Null = the server's timers.</summary>
    public FloorTimers? Timers { get; init; }
}
