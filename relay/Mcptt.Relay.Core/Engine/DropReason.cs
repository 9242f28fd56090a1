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
    /// <summary>Raw engine: addressed to a relay port that has no leg (never allocated, freed, or the unused odd port of a single-port leg).</summary>
    UnknownPort,
    /// <summary>Raw engine: the UDP checksum does not match (the kernel's UDP layer would have dropped it too).</summary>
    BadChecksum,
    /// <summary>PacketRing engine: the kernel found the worker's receive ring full (the worker fell behind); counted from PACKET_STATISTICS.</summary>
    RingOverflow,
}

internal static class DropReasons
{
    public const int Count = 10;

    public static string Label(DropReason reason) => reason switch
    {
        DropReason.Malformed => "malformed",
        DropReason.WrongSource => "wrong_source",
        DropReason.NotFloorHolder => "not_floor_holder",
        DropReason.NoRoute => "no_route",
        DropReason.NoDestination => "no_destination",
        DropReason.DivertQueueFull => "divert_queue_full",
        DropReason.SendError => "send_error",
        DropReason.UnknownPort => "unknown_port",
        DropReason.BadChecksum => "bad_checksum",
        DropReason.RingOverflow => "ring_overflow",
        _ => "unknown",
    };
}
