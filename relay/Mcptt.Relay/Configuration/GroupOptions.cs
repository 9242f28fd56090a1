namespace Mcptt.Relay.Configuration;

/// <summary>One pre-arranged MCPTT group (array section "Groups"): calling <see cref="Uri"/> invites every member.</summary>
public sealed record GroupOptions
{
    public const string Section = "Groups";

    /// <summary>The group identity, a sip: or sips: URI, e.g. "sip:ops@127.0.0.1".</summary>
    public string Uri { get; init; } = "";

    /// <summary>Members: user names of this domain ("alice") or full SIP URIs.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
}
