namespace Mcptt.Relay.Configuration;

/// <summary>Every validated setting of the appliance. Built once by <see cref="OptionsLoader"/>; immutable.</summary>
public sealed record ApplianceOptions
{
    public SipOptions Sip { get; init; } = new();
    public MediaOptions Media { get; init; } = new();
    public HttpOptions Http { get; init; } = new();
    public NgOptions Ng { get; init; } = new();
    public AuthOptions Auth { get; init; } = new();
    public IReadOnlyList<GroupOptions> Groups { get; init; } = [];
    public GroupCallLimits GroupCalls { get; init; } = new();
    public FloorOptions Floor { get; init; } = new();
    public SipFloodOptions SipFlood { get; init; } = new();
}
