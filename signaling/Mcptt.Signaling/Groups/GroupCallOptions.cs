namespace Mcptt.Signaling.Groups;

/// <summary>Pre-arranged group call settings (the appliance maps its "Groups" configuration here).</summary>
public sealed class GroupCallOptions
{
    public List<GroupDefinition> Groups { get; set; } = new();

    /// <summary>How long an invited member may ring before its INVITE is cancelled (it can still join later).</summary>
    public TimeSpan MemberRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Concurrent group calls (one per group at most); beyond it INVITEs get 503.</summary>
    public int MaxSessions { get; set; } = 1000;

    /// <summary>Every problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Groups.Count; i++)
        {
            var g = Groups[i];
            if (string.IsNullOrWhiteSpace(g.User)) errors.Add($"Groups:{i}: the group URI needs a user part (sip:group1@domain).");
            else if (!seen.Add(g.User)) errors.Add($"Groups:{i}: group '{g.User}' is configured twice.");
            if (g.Members.Count == 0) errors.Add($"Groups:{i}:Members is empty.");
            if (g.MaxPriority == 0) errors.Add($"Groups:{i}:MaxPriority must be 1..255.");
            foreach (var (user, priority) in g.MemberPriorities)
            {
                if (priority == 0) errors.Add($"Groups:{i}:Priorities:{user} must be 1..255.");
                if (!g.IsMember(user)) errors.Add($"Groups:{i}:Priorities:{user} names a user who is not a member.");
            }
        }
        if (MemberRingTimeout < TimeSpan.FromSeconds(1) || MemberRingTimeout > TimeSpan.FromMinutes(10))
            errors.Add("Groups: MemberRingTimeout must be between 1 second and 10 minutes.");
        if (MaxSessions < 1) errors.Add("Groups: MaxSessions must be at least 1.");
        return errors;
    }

    internal GroupDefinition? Find(string user)
    {
        foreach (var g in Groups)
            if (string.Equals(g.User, user, StringComparison.OrdinalIgnoreCase)) return g;
        return null;
    }
}
