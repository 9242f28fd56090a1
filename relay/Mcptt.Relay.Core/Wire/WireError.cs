namespace Mcptt.Relay.Core.Wire;

/// <summary>
/// Why a datagram could not be read as RTP or RTCP. Parsers return this instead of throwing:
/// every datagram is hostile until proven otherwise, and the hot path never unwinds.
/// </summary>
public enum WireError : byte
{
    None = 0,
    TooShort,
    BadVersion,
    CsrcOverrun,
    ExtensionOverrun,
    BadPadding,
    LengthOverrun,
    PaddingNotLast,
    ReportCountOverrun,
    NotRtcp,
}
