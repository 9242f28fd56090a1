namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// Where packets arriving on one leg go. Immutable: the control plane builds a new Route and
/// publishes it with one reference write (RCU); a worker reads the reference once per receive
/// batch, so a batch is forwarded entirely by the old or entirely by the new route — never torn,
/// never doubled.
/// </summary>
internal sealed class Route
{
    public Route(Destination[] targets, bool gated, uint selfOutgoingSsrc)
    {
        Targets = targets;
        Gated = gated;
        SelfOutgoingSsrc = selfOutgoingSsrc;
    }

    public Destination[] Targets { get; }

    /// <summary>True when the leg is in a floor-controlled bridge and does not hold the floor.</summary>
    public bool Gated { get; }

    /// <summary>The SSRC the relay uses toward this (source) leg; report blocks naming it are mapped back.</summary>
    public uint SelfOutgoingSsrc { get; }
}
