namespace Mcptt.Relay.Configuration;

/// <summary>One pre-arranged MCPTT group (array section "Groups"): calling <see cref="Uri"/> invites every member.</summary>
public sealed record GroupOptions
{
    public const string Section = "Groups";

    /// <summary>The group identity, a sip: or sips: URI, e.g. "sip:ops@127.0.0.1".</summary>
    public string Uri { get; init; } = "";

    /// <summary>Members: user names of this domain ("alice") or full SIP URIs.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>Highest floor priority (SDP mc_priority, 1..255) a member of this group may use.</summary>
    public int MaxPriority { get; init; } = 1;

    /// <summary>Per-member overrides of <see cref="MaxPriority"/> ("Priorities:alice": 8), keyed by user name.</summary>
    public IReadOnlyDictionary<string, int> Priorities { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Queue Floor Requests while the floor is taken (mc_queueing) instead of denying them.</summary>
    public bool Queueing { get; init; } = true;
}
