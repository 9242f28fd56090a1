namespace Mcptt.Relay.Configuration;

/// <summary>Section "GroupCalls": limits of the pre-arranged group call service (the groups themselves are the array "Groups").</summary>
public sealed record GroupCallLimits
{
    public const string Section = "GroupCalls";

    /// <summary>Group calls running at once; an INVITE that would start one more gets 503 with Retry-After.</summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>How long an invited member may ring before its INVITE is cancelled (it can still call in later).</summary>
    public int MemberRingTimeoutSeconds { get; init; } = 30;
}
