using System.Net;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>Told by authentication which hosts proved who they are (they get the verified limits).</summary>
public interface ISipSourceVerifier
{
    void MarkVerified(IPAddress source);
}

/// <summary>
/// Per-source admission in front of SIP parsing, in the spirit of Kamailio's pike: each source host gets a message
/// rate (higher once it authenticated), a response-byte budget on UDP (no reflection amplification beyond 1x for
/// hosts that never authenticated, plus one small allowance per 10 s) and a TCP connection cap. The transports ask it before parsing and before
/// sending a UDP response; refusals are counted and summarized by <see cref="FloodRefusals"/>.
/// Thread-safe (one lock; a lookup is a few integer operations on a fixed-size table).
/// </summary>
public sealed class SipFloodGuard : ISipSourceVerifier, IDisposable
{
    /// <summary>Response credit a source may bank: one maximal datagram.</summary>
    private const int CreditCap = 65535;
    /// <summary>Response allowances granted per second, to all sources together: under a flood of spoofed sources they
    /// run out and every stranger is held to strict 1x (all allowances together add at most 100 x the allowance per second).</summary>
    private const int AllowancesPerSecond = 100;
    /// <summary>A source gets at most one allowance per interval.</summary>
    private const long AllowanceIntervalMs = 10_000;

    private readonly object _gate = new();
    private readonly SipFloodOptions _options;
    private readonly TimeProvider _time;
    private readonly SourceTable<SourceBudget, SourceBudgetRetention> _sources;
    private readonly Dictionary<SourceKey, int> _tcpBySource = new();
    private SourceBudget _allowances;

    public SipFloodGuard(SipFloodOptions options, MetricsRegistry metrics, ILogger logger, TimeProvider? time = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid flood guard configuration: " + string.Join(" ", errors), nameof(options));
        _options = options;
        _time = time ?? TimeProvider.System;
        _sources = new SourceTable<SourceBudget, SourceBudgetRetention>(options.MaxTrackedSources);
        _allowances.Start(NowMs, AllowancesPerSecond);
        Refusals = new FloodRefusals(metrics, logger, _time, options.SummaryInterval);
        metrics.Gauge("mcptt_sip_flood_sources", "Source hosts the SIP flood guard currently tracks", () => { lock (_gate) return _sources.Count; });
        metrics.Gauge("mcptt_sip_flood_verified_sources", "Source hosts that recently authenticated (verified limits)",
            () => { long now = NowMs; lock (_gate) return _sources.CountWhere(s => s.IsVerified(now)); });
    }

    public SipFloodOptions Options => _options;

    public FloodRefusals Refusals { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A message (UDP datagram or TCP message) of <paramref name="bytes"/> from <paramref name="remote"/>, before it
    /// is parsed; false (counted) when the source is over its rate. Admitted UDP datagrams earn response credit.
    /// </summary>
    public bool AdmitMessage(IPEndPoint remote, int bytes, SipTransportKind transport)
    {
        if (Unlimited(remote.Address)) return true;
        var key = SourceKey.From(remote.Address);
        long now = NowMs;
        lock (_gate)
        {
            ref var source = ref Source(key, now);
            if (!source.TakeMessage(now, RateOf(source, remote.Address, now)))
            {
                Refusals.Count(FloodRefusals.Reasons.RequestRate, remote.Address);
                return false;
            }
            if (transport == SipTransportKind.Udp) source.Earn(bytes, CreditCap);
            return true;
        }
    }

    /// <summary>A UDP response of <paramref name="bytes"/> to <paramref name="remote"/>; false (counted) when an
    /// unverified source has not sent us as many bytes.</summary>
    public bool AdmitResponse(IPEndPoint remote, int bytes)
    {
        if (Unlimited(remote.Address) || SipFloodOptions.Contains(_options.VerifiedNetworks, remote.Address)) return true;
        var key = SourceKey.From(remote.Address);
        long now = NowMs;
        lock (_gate)
        {
            ref var source = ref Source(key, now);
            if (source.IsVerified(now) || source.Spend(bytes)) return true;
            // Short of credit: a first answer (a 401 is larger than the REGISTER) or a monitor's OPTIONS may draw on the
            // source's allowance, once per interval and while the allowances of all sources together last.
            // The allowance covers this answer's shortfall only; what it does not need is not banked.
            if (bytes <= source.Credit + _options.ResponseAllowanceBytes && source.AllowanceDue(now, AllowanceIntervalMs)
                && _allowances.TakeMessage(now, AllowancesPerSecond))
            {
                source.Credit = 0;
                return true;
            }
        }
        Refusals.Count(FloodRefusals.Reasons.ResponseBudget, remote.Address);
        return false;
    }

    /// <summary>An inbound TCP connection from <paramref name="remote"/>; false (counted) over the source's cap.
    /// Every true must be matched by one <see cref="ConnectionClosed"/>.</summary>
    public bool TryOpenConnection(IPEndPoint remote)
    {
        if (Unlimited(remote.Address)) return true;
        var key = SourceKey.From(remote.Address);
        bool verified = IsVerified(remote.Address);
        int cap = verified ? _options.MaxTcpConnectionsPerVerifiedSource : _options.MaxTcpConnectionsPerSource;
        lock (_gate)
        {
            _tcpBySource.TryGetValue(key, out int open);
            if (open < cap)
            {
                _tcpBySource[key] = open + 1;
                return true;
            }
        }
        Refusals.Count(FloodRefusals.Reasons.TcpPerSource, remote.Address);
        return false;
    }

    public void ConnectionClosed(IPEndPoint remote)
    {
        if (Unlimited(remote.Address)) return;
        var key = SourceKey.From(remote.Address);
        lock (_gate)
        {
            if (!_tcpBySource.TryGetValue(key, out int open)) return;
            if (open <= 1) _tcpBySource.Remove(key);
            else _tcpBySource[key] = open - 1;
        }
    }

    /// <summary>Counts a refusal the transport made itself (total cap, first-message deadline, eviction).</summary>
    public void Refused(string reason, IPEndPoint remote) => Refusals.Count(reason, remote.Address);

    public void MarkVerified(IPAddress source)
    {
        if (!_options.Enabled) return;
        long now = NowMs;
        lock (_gate)
        {
            ref var entry = ref Source(SourceKey.From(source), now);
            entry.VerifiedUntilMs = now + (long)_options.VerifiedLifetime.TotalMilliseconds;
            entry.Promote(_options.VerifiedRequestsPerSecond);
        }
    }

    public bool IsVerified(IPAddress source)
    {
        if (SipFloodOptions.Contains(_options.VerifiedNetworks, source)) return true;
        long now = NowMs;
        lock (_gate)
        {
            ref var entry = ref _sources.Find(SourceKey.From(source), out bool found);
            return found && entry.IsVerified(now);
        }
    }

    public void Dispose() => Refusals.Dispose();

    private bool Unlimited(IPAddress address) => !_options.Enabled || SipFloodOptions.Contains(_options.ExemptNetworks, address);

    private int RateOf(in SourceBudget source, IPAddress address, long now)
        => source.IsVerified(now) || SipFloodOptions.Contains(_options.VerifiedNetworks, address)
            ? _options.VerifiedRequestsPerSecond
            : _options.RequestsPerSecond;

    /// <summary>The entry of a source, started on first sight. Under the lock.</summary>
    private ref SourceBudget Source(SourceKey key, long now)
    {
        ref var entry = ref _sources.FindOrAdd(key, now, out bool added);
        if (added) entry.Start(now, _options.RequestsPerSecond);
        return ref entry;
    }
}
