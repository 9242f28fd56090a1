namespace Mcptt.Relay.Core.Wire;

public enum PacketKind : byte
{
    Malformed = 0,
    Rtp = 1,
    Rtcp = 2,
}
