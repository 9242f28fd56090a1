using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Floor.Server;

/// <summary>
/// Factory for <see cref="FloorSession"/>s sharing one clock, one timer profile and one set of
/// metrics. Create one per process (metrics are declared once).
/// </summary>
public sealed class FloorServer
{
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;

    public FloorServer(MetricsRegistry metrics, TimeProvider? time = null, FloorTimers? timers = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Metrics = new FloorMetrics(metrics);
        _time = time ?? TimeProvider.System;
        Timers = timers ?? new FloorTimers();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public FloorMetrics Metrics { get; }

    public FloorTimers Timers { get; }

    public TimeProvider Time => _time;

    /// <summary>A new session in G: Floor Initialising; add participants, then call <see cref="FloorSession.Start"/>.</summary>
    public FloorSession CreateSession(FloorSessionOptions options, IFloorMediaGate gate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        return new FloorSession(options, Timers, Metrics, _time, gate, _loggerFactory.CreateLogger<FloorSession>());
    }
}
