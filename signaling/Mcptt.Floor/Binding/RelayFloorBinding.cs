using System.Net;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Floor.Binding;

/// <summary>
/// Connects floor sessions to the data plane through <see cref="IRelayControl"/>: floor messages go
/// out with <see cref="IRelayControl.SendFromLeg"/>, the holder becomes the bridge's
/// <see cref="IRelayControl.SetFloorHolder"/>, diverted datagrams are routed to the participant that
/// owns the leg, and per-leg RTP activity (polled from <see cref="IRelayControl.GetStats"/>) is fed
/// to <see cref="FloorSession.OnMedia"/> for T1 and for legacy implicit requests. For a legacy
/// participant only voice counts (<see cref="LegStats.LastVoiceTimestamp"/>): phones that keep sending
/// silence while muted would otherwise request the floor forever and never let T1 expire.
/// Lock order: a session's lock may be held when the binding's lock is taken, never the reverse.
/// </summary>
public sealed class RelayFloorBinding : IDisposable
{
    /// <summary>Default media activity poll period; well below T1 (4 s) so T1 restarts in time.</summary>
    public static readonly TimeSpan DefaultMediaPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly IRelayControl _relay;
    private readonly FloorServer _server;
    private readonly object _lock = new();
    private readonly Dictionary<int, Route> _routesByLeg = new();
    private readonly Dictionary<FloorSession, SessionGate> _sessions = new();
    private readonly ITimer _poll;
    private int _polling;
    /// <summary>The poll's copy of every route, reused (only one poll runs at a time): thousands of participants
    /// would otherwise cost a large array per poll, four times a second.</summary>
    private Route[] _pollRoutes = [];
    private bool _disposed;

    public RelayFloorBinding(IRelayControl relay, FloorServer server, TimeSpan? mediaPollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(server);
        _relay = relay;
        _server = server;
        _relay.PacketDiverted += OnPacketDiverted;
        var period = mediaPollInterval ?? DefaultMediaPollInterval;
        _poll = server.Time.CreateTimer(static s => ((RelayFloorBinding)s!).PollMedia(), this, period, period);
    }

    /// <summary>A session whose talker gates the media of <paramref name="bridge"/> (a FloorHolderOnly bridge).</summary>
    public FloorSession CreateSession(BridgeHandle bridge, FloorSessionOptions options)
    {
        var gate = new SessionGate(_relay, bridge);
        var session = _server.CreateSession(options, gate);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sessions.Add(session, gate);
        }
        return session;
    }

    /// <summary>
    /// Adds a participant. <paramref name="floorLeg"/> is its floor channel (a
    /// <see cref="LegKind.Diverted"/> leg for <c>m=application ... MCPTT</c>); when null and the
    /// participant is not legacy, floor messages use the RTCP port of <paramref name="mediaLeg"/>.
    /// A legacy participant's <paramref name="mediaLeg"/> should be allocated with <see cref="LegOptions.DetectVoice"/>
    /// (without it every RTP packet counts as talking).
    /// </summary>
    public FloorJoinResult AddParticipant(FloorSession session, FloorParticipantOptions options, LegHandle mediaLeg, LegHandle? floorLeg = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        IFloorParticipantChannel? channel = null;
        var route = new Route(session, options.Id, mediaLeg, floorLeg, options.LegacyNoFloorChannel);
        lock (_lock)
        {
            if (!_sessions.TryGetValue(session, out var gate)) throw new InvalidOperationException("session not created by this binding");
            gate.Map(options.Id, mediaLeg);
            if (!options.LegacyNoFloorChannel)
                channel = floorLeg is { } f ? new LegChannel(_relay, f, rtcp: false) : new LegChannel(_relay, mediaLeg, rtcp: true);
            // MCPT APP packets arriving on the media leg's RTCP port are diverted too.
            _routesByLeg[mediaLeg.Id] = route;
            if (floorLeg is { } floor) _routesByLeg[floor.Id] = route;
            gate.Routes.Add(route);
        }
        try
        {
            return session.AddParticipant(options, channel);
        }
        catch
        {
            Unroute(session, options.Id);
            throw;
        }
    }

    public bool RemoveParticipant(FloorSession session, string participantId)
    {
        ArgumentNullException.ThrowIfNull(session);
        bool removed = session.RemoveParticipant(participantId);
        Unroute(session, participantId);
        return removed;
    }

    /// <summary>Stops the session, clears the bridge's holder and forgets its legs.</summary>
    public void DestroySession(FloorSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Stop();
        lock (_lock)
        {
            if (!_sessions.Remove(session, out var gate)) return;
            foreach (var route in gate.Routes)
            {
                _routesByLeg.Remove(route.MediaLeg.Id);
                if (route.FloorLeg is { } f) _routesByLeg.Remove(f.Id);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _relay.PacketDiverted -= OnPacketDiverted;
        _poll.Dispose();
    }

    private void Unroute(FloorSession session, string participantId)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(session, out var gate)) return;
            var route = gate.Routes.Find(r => r.ParticipantId == participantId);
            if (route is null) return;
            gate.Routes.Remove(route);
            gate.Unmap(participantId);
            _routesByLeg.Remove(route.MediaLeg.Id);
            if (route.FloorLeg is { } f) _routesByLeg.Remove(f.Id);
        }
    }

    private void OnPacketDiverted(LegHandle leg, IPEndPoint source, ReadOnlySpan<byte> datagram)
    {
        Route? route;
        lock (_lock) _routesByLeg.TryGetValue(leg.Id, out route);
        if (route is null)
        {
            _server.Metrics.CountDropped(FloorDropReason.NonMember);
            return;
        }
        route.Session.Receive(route.ParticipantId, datagram);
    }

    /// <summary>Control-plane poll of per-leg RTP activity (a few stats reads per participant per period).</summary>
    internal void PollMedia()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1) return; // a slow poll is still running
        try
        {
            int count = 0;
            lock (_lock)
            {
                if (_disposed) return;
                foreach (var gate in _sessions.Values) count += gate.Routes.Count;
                if (_pollRoutes.Length < count) _pollRoutes = new Route[Math.Max(count, 2 * _pollRoutes.Length)];
                int n = 0;
                foreach (var gate in _sessions.Values)
                {
                    gate.Routes.CopyTo(_pollRoutes, n);
                    n += gate.Routes.Count;
                }
            }
            var routes = _pollRoutes;
            for (int i = 0; i < count; i++)
            {
                var route = routes[i];
                routes[i] = null!; // the next poll overwrites it anyway; do not keep ended calls alive meanwhile
                long last = _relay.LastActivity(route.MediaLeg, route.VoiceOnly);
                if (last == 0 || last == route.LastRtpTimestamp) continue;
                route.LastRtpTimestamp = last;
                route.Session.OnMedia(route.ParticipantId);
            }
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    /// <param name="VoiceOnly">Legacy participant: its talking (not its silence) is the floor request and keeps T1 running.</param>
    private sealed record Route(FloorSession Session, string ParticipantId, LegHandle MediaLeg, LegHandle? FloorLeg, bool VoiceOnly)
    {
        /// <summary>Written only by the (non-overlapping) poll.</summary>
        public long LastRtpTimestamp { get; set; }
    }

    private sealed class SessionGate(IRelayControl relay, BridgeHandle bridge) : IFloorMediaGate
    {
        private readonly Dictionary<string, LegHandle> _mediaLegs = new();

        public List<Route> Routes { get; } = new();

        public void Map(string participantId, LegHandle mediaLeg)
        {
            lock (_mediaLegs) _mediaLegs[participantId] = mediaLeg;
        }

        public void Unmap(string participantId)
        {
            lock (_mediaLegs) _mediaLegs.Remove(participantId);
        }

        public void SetHolder(string? participantId)
        {
            LegHandle? leg = null;
            if (participantId is not null)
            {
                lock (_mediaLegs)
                {
                    if (_mediaLegs.TryGetValue(participantId, out var l)) leg = l;
                }
            }
            relay.SetFloorHolder(bridge, leg);
        }
    }

    private sealed class LegChannel(IRelayControl relay, LegHandle leg, bool rtcp) : IFloorParticipantChannel
    {
        public void Send(ReadOnlySpan<byte> message) => relay.SendFromLeg(leg, message, rtcp);
    }
}
