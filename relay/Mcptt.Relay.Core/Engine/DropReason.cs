namespace Mcptt.Relay.Core.Engine;

/// <summary>Why the data plane dropped a datagram; each is a label value of mcptt_relay_dropped_total.</summary>
public enum DropReason : byte
{
    /// <summary>Truncated, oversized, not RTP/RTCP, or an RTCP length that lies.</summary>
    Malformed = 0,
    /// <summary>From an address other than the learned/declared peer (strict source, RTP-bleed defence).</summary>
    WrongSource,
    /// <summary>Media from a leg that does not hold the floor in a floor-controlled bridge.</summary>
    NotFloorHolder,
    /// <summary>The leg is in no bridge.</summary>
    NoRoute,
    /// <summary>The bridge has no other leg, or a listener's remote is not known yet.</summary>
    NoDestination,
    /// <summary>The control plane is not draining diverted packets fast enough.</summary>
    DivertQueueFull,
    /// <summary>The kernel refused the datagram (full socket buffer, unreachable, ...).</summary>
    SendError,
}

internal static class DropReasons
{
    public const int Count = 7;

    public static string Label(DropReason reason) => reason switch
    {
        DropReason.Malformed => "malformed",
        DropReason.WrongSource => "wrong_source",
        DropReason.NotFloorHolder => "not_floor_holder",
        DropReason.NoRoute => "no_route",
        DropReason.NoDestination => "no_destination",
        DropReason.DivertQueueFull => "divert_queue_full",
        DropReason.SendError => "send_error",
        _ => "unknown",
    };
}
