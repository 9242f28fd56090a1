namespace Mcptt.Signaling.Groups;

/// <summary>
/// One pre-arranged group: INVITE to sip:<see cref="User"/>@our-domain from a member starts (or joins)
/// the group call. Floor policy per group, with per-member priority overrides.
/// </summary>
public sealed record GroupDefinition
{
    /// <summary>The user part of the group URI (sip:group1@domain → "group1").</summary>
    public required string User { get; init; }

    /// <summary>Member user names of our domain.</summary>
    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>Highest floor priority (mc_priority) a member may use unless <see cref="MemberPriorities"/> says otherwise (1..255).</summary>
    public byte MaxPriority { get; init; } = 1;

    /// <summary>Per-member highest floor priority, overriding <see cref="MaxPriority"/> (e.g. a dispatcher).</summary>
    public IReadOnlyDictionary<string, byte> MemberPriorities { get; init; } = new Dictionary<string, byte>(StringComparer.Ordinal);

    /// <summary>Floor Requests are queued (mc_queueing offered/answered) instead of denied while the floor is taken.</summary>
    public bool Queueing { get; init; } = true;

    public bool IsMember(string user)
    {
        foreach (var member in Members)
            if (string.Equals(member, user, StringComparison.Ordinal)) return true;
        return false;
    }

    public byte PriorityOf(string user) => MemberPriorities.TryGetValue(user, out var p) ? p : MaxPriority;
}
