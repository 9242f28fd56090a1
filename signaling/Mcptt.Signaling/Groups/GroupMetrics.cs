using Mcptt.Relay.Core.Stats;

namespace Mcptt.Signaling.Groups;

/// <summary>mcptt_group_* metrics.</summary>
internal sealed class GroupMetrics
{
    public static readonly string[] Results = ["started", "joined", "forbidden", "not_acceptable", "unavailable", "failed"];
    public static readonly string[] EndReasons = ["last_left", "inactivity", "shutdown"];

    private readonly Dictionary<string, Counter> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter> _ends = new(StringComparer.Ordinal);

    public GroupMetrics(MetricsRegistry metrics, Func<double> active)
    {
        metrics.Gauge("mcptt_group_calls_active", "Pre-arranged group calls running.", active);
        foreach (var r in Results)
            _results[r] = metrics.Counter("mcptt_group_invites_total", "INVITEs to group URIs by outcome.", ("result", r));
        foreach (var r in EndReasons)
            _ends[r] = metrics.Counter("mcptt_group_calls_ended_total", "Group calls that ended, by reason.", ("reason", r));
        MembersJoined = metrics.Counter("mcptt_group_members_joined_total", "Members that joined a group call (invited or by INVITE).");
        MembersLeft = metrics.Counter("mcptt_group_members_left_total", "Members that left a group call.");
    }

    public Counter MembersJoined { get; }
    public Counter MembersLeft { get; }

    public void Result(string result) => _results[result].Inc();

    public void Ended(string reason) => _ends[reason].Inc();
}
