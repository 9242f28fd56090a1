using Mcptt.Relay.Core.Stats;

namespace Mcptt.Signaling.Calls;

internal sealed class CallMetrics
{
    private readonly Dictionary<string, Counter> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter> _ends = new(StringComparer.Ordinal);

    public CallMetrics(MetricsRegistry metrics, Func<double> activeCalls)
    {
        metrics.Gauge("mcptt_calls_active", "Calls being set up or established.", activeCalls);
        foreach (var result in CallResults.All)
            _results[result] = metrics.Counter("mcptt_calls_total", "Call attempts by outcome of the caller's INVITE.", ("result", result));
        foreach (var reason in CallEndReasons.All)
            _ends[reason] = metrics.Counter("mcptt_calls_ended_total", "Answered calls that ended, by reason.", ("reason", reason));
    }

    public void Result(string result) => _results[result].Inc();

    public void Ended(string reason) => _ends[reason].Inc();
}
