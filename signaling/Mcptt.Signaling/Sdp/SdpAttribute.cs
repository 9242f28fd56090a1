namespace Mcptt.Signaling.Sdp;

/// <summary>
/// One a= line: <c>a=name</c> (property, <see cref="Value"/> null) or <c>a=name:value</c>.
/// Kept raw so that attributes we do not model (rtpmap, fmtp:MCPTT, floorid, ...) round-trip byte for byte.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
