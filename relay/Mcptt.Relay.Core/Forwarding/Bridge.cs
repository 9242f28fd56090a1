using Mcptt.Relay.Core.Control;

namespace Mcptt.Relay.Core.Forwarding;

/// <summary>Control-plane only (guarded by the engine's control lock); workers see bridges only through published routes.</summary>
internal sealed class Bridge(int id, BridgeMode mode)
{
    public int Id { get; } = id;
    public BridgeMode Mode { get; } = mode;
    public List<Destination> Members { get; } = new();
    public RelayLeg? FloorHolder { get; set; }
}
