using System.Globalization;
using System.Net;
using System.Text;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// Counts what the flood guard refused, per reason (<c>mcptt_sip_flood_dropped_total{reason}</c>), and writes one
/// summary line per interval while refusals happen, instead of a line per refusal: under attack the log must not
/// become the attacker's second target.
/// </summary>
public sealed class FloodRefusals : IDisposable
{
    public static class Reasons
    {
        /// <summary>A message over the source's rate (UDP: dropped unparsed; TCP: the connection is closed).</summary>
        public const string RequestRate = "request_rate";
        /// <summary>A UDP response that would have sent an unverified source more bytes than it sent us.</summary>
        public const string ResponseBudget = "response_budget";
        /// <summary>A TCP connection over the source's connection cap.</summary>
        public const string TcpPerSource = "tcp_per_source";
        /// <summary>A TCP connection over the listener's total cap (no waiting connection could be evicted).</summary>
        public const string TcpConnectionLimit = "tcp_connection_limit";
        /// <summary>A TCP connection that did not deliver a complete first message in time.</summary>
        public const string TcpFirstMessage = "tcp_first_message";
        /// <summary>A TCP connection still waiting for its first message, closed to make room at the total cap.</summary>
        public const string TcpEvicted = "tcp_evicted";

        public static readonly string[] All = [RequestRate, ResponseBudget, TcpPerSource, TcpConnectionLimit, TcpFirstMessage, TcpEvicted];
    }

    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly long[] _reported = new long[Reasons.All.Length];
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly TimeSpan _interval;
    private IPAddress? _lastSource;

    public FloodRefusals(MetricsRegistry metrics, ILogger logger, TimeProvider time, TimeSpan interval)
    {
        foreach (var reason in Reasons.All)
            _counters[reason] = metrics.Counter("mcptt_sip_flood_dropped_total",
                "SIP messages, responses and TCP connections refused by the per-source flood guard, by reason", ("reason", reason));
        _logger = logger;
        _interval = interval;
        _timer = time.CreateTimer(_ => Summarize(), null, interval, interval);
    }

    public void Count(string reason, IPAddress source)
    {
        _counters[reason].Inc();
        _lastSource = source;
    }

    public long Total(string reason) => _counters[reason].Value;

    /// <summary>Logs the refusals since the last summary (called by the timer; public for tests).</summary>
    public void Summarize()
    {
        long total = 0;
        var breakdown = new StringBuilder();
        for (int i = 0; i < Reasons.All.Length; i++)
        {
            long now = _counters[Reasons.All[i]].Value;
            long delta = now - _reported[i];
            _reported[i] = now;
            if (delta == 0) continue;
            total += delta;
            if (breakdown.Length > 0) breakdown.Append(", ");
            breakdown.Append(Reasons.All[i]).Append(' ').Append(delta.ToString(CultureInfo.InvariantCulture));
        }
        if (total > 0) FloodLog.Refused(_logger, total, (int)_interval.TotalSeconds, breakdown.ToString(), _lastSource?.ToString() ?? "?");
    }

    public void Dispose() => _timer.Dispose();
}

internal static partial class FloodLog
{
    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning,
        Message = "SIP flood guard refused {Count} in the last {Seconds} s ({Breakdown}); latest source {Source}")]
    public static partial void Refused(ILogger logger, long count, int seconds, string breakdown, string source);
}
