using Mcptt.Relay.Core.Stats;

namespace Mcptt.Signaling.Calls;

internal sealed class CallMetrics
{
    private readonly Dictionary<string, Counter> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter> _ends = new(StringComparer.Ordinal);
    private readonly Counter _floorMcptt;
    private readonly Counter _floorLegacy;

    public CallMetrics(MetricsRegistry metrics, Func<double> activeCalls)
    {
        metrics.Gauge("mcptt_calls_active", "Calls being set up or established.", activeCalls);
        foreach (var result in CallResults.All)
            _results[result] = metrics.Counter("mcptt_calls_total", "Call attempts by outcome of the caller's INVITE.", ("result", result));
        foreach (var reason in CallEndReasons.All)
            _ends[reason] = metrics.Counter("mcptt_calls_ended_total", "Answered calls that ended, by reason.", ("reason", reason));
        const string floorHelp = "Answered private calls with floor control (the appliance is the floor server), by the callee's kind.";
        _floorMcptt = metrics.Counter("mcptt_calls_floor_controlled_total", floorHelp, ("callee", "mcptt"));
        _floorLegacy = metrics.Counter("mcptt_calls_floor_controlled_total", floorHelp, ("callee", "legacy"));
    }

    public void FloorControlled(bool legacyCallee) => (legacyCallee ? _floorLegacy : _floorMcptt).Inc();

    public void Result(string result) => _results[result].Inc();

    public void Ended(string reason) => _ends[reason].Inc();
}
