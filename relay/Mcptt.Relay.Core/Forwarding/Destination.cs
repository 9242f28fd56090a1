namespace Mcptt.Relay.Core.Forwarding;

/// <summary>One listener in a route: the leg whose socket sends, and the SSRC used toward its peer (0 = pass through).</summary>
internal readonly record struct Destination(RelayLeg Leg, uint OutgoingSsrc);
