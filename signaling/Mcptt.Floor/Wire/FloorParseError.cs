namespace Mcptt.Floor.Wire;

/// <summary>Why a datagram or field could not be read. Hostile input yields one of these, never an exception.</summary>
public enum FloorParseError : byte
{
    None = 0,
    /// <summary>Fewer than the 12 octets of an APP header.</summary>
    Truncated,
    /// <summary>V is not 2.</summary>
    BadVersion,
    /// <summary>RTCP length claims more octets than the datagram holds.</summary>
    LengthPastEnd,
    /// <summary>A valid RTCP packet that is not APP (PT 204); framing is intact, the caller may skip it.</summary>
    NotApp,
    /// <summary>An APP packet with another name (MCPC, MCMC ...); framing is intact, skippable.</summary>
    NotMcpt,
    /// <summary>P bit set: TS 24.380 forbids padding on these packets.</summary>
    PaddingSet,
    /// <summary>A subtype this server does not implement (or an x bit where none is defined).</summary>
    UnknownSubtype,
    /// <summary>A TLV header or value runs past the end of the packet.</summary>
    FieldPastEnd,
    /// <summary>A fixed-size field has the wrong length.</summary>
    FieldBadLength,
}
