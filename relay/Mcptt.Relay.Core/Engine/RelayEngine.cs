using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Forwarding;
using Mcptt.Relay.Core.Io;
using Mcptt.Relay.Core.Io.Native;
using Mcptt.Relay.Core.Io.PacketRing;
using Mcptt.Relay.Core.Io.Uring;
using Mcptt.Relay.Core.Io.Raw;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Core.Engine;

/// <summary>
/// The data plane behind <see cref="IRelayControl"/>: port pairs, workers, routes, diverted packets.
/// Control methods are serialized by one lock and may block briefly (Attach, Detach,
/// SetFloorHolder, FreeLeg and DestroyBridge wait for worker quiescence before returning, which
/// is what makes "no packet to a stale destination after the call returns" hold). Workers never
/// take that lock.
/// Unknown or freed handles: teardown calls (FreeLeg, Detach, DestroyBridge, SetRemote,
/// SetFloorHolder on a destroyed bridge) are no-ops, GetStats returns zeros, SendFromLeg returns
/// false; Attach throws ArgumentException (attaching nothing is a caller bug).
/// </summary>
public sealed class RelayEngine : IRelayControl, IDisposable
{
    private readonly object _gate = new();
    private readonly PortAllocator _ports;
    private readonly LegTable _legs;
    private readonly RelayWorker[] _workers;
    private readonly WorkerCounters[] _counters;
    private readonly DivertDispatcher _dispatcher;
    private readonly Dictionary<int, Bridge> _bridges = new();
    private readonly SocketAddress _controlAddress = new IPEndPoint(IPAddress.Any, 0).Serialize();
    private readonly Counter _controlSent;
    private int _nextLegId;
    private int _nextBridgeId;
    private int _nextWorker;
    private int _legCount;
    private int _bridgeCount;
    private bool _disposed;

    public RelayEngine(RelayOptions options, MetricsRegistry metrics)
        : this(options, metrics, () => options.Engine switch
        {
            RelayEngineKind.PacketRing => PacketSockets.Probe(),
            RelayEngineKind.Uring or RelayEngineKind.Auto => UringSupport.Probe(),
            _ => RawSockets.Probe(),
        })
    {
    }

    /// <param name="rawSocketProbe">For Raw and PacketRing: 0 when the sockets they need can be opened, else the errno
    /// (tests simulate EPERM); for Uring and Auto: 0 when io_uring can be set up with what the engine needs, else the errno.</param>
    internal RelayEngine(RelayOptions options, MetricsRegistry metrics, Func<int> rawSocketProbe)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid relay options: " + string.Join(" ", errors), nameof(options));
        MediaAddress = options.MediaAddress; // options objects stay mutable for the caller; the engine does not follow
        RequestedEngine = options.Engine;
        EngineKind = ResolveEngine(options.Engine, rawSocketProbe, out var fallback);
        EngineFallbackReason = fallback;

        _ports = new PortAllocator(options.MediaAddress, options.PortMin, options.PortMax, options.SocketBufferBytes);
        _legs = new LegTable(_ports.PairCount);
        _counters = new WorkerCounters[options.Workers];
        var rings = new DivertRing[options.Workers];
        for (int i = 0; i < options.Workers; i++)
        {
            _counters[i] = new WorkerCounters(_ports.PairCount);
            rings[i] = new DivertRing(options.MaxDivertQueue);
        }
        _dispatcher = new DivertDispatcher(rings, Deliver);

        var timing = new SsrcRewriter.Timing((uint)options.DefaultFrameTicks, options.RtpClockRate);
        long windowTicks = (long)(options.LearningWindow.TotalSeconds * Stopwatch.Frequency);
        _workers = new RelayWorker[options.Workers];
        try
        {
            for (int i = 0; i < options.Workers; i++)
            {
                var pipeline = new ForwardingPipeline(_counters[i], rings[i], options.BatchSize, windowTicks, options.LearningPackets, timing);
                int? cpu = options.CoreList is { Count: > 0 } cores ? cores[i % cores.Count] : null;
                _workers[i] = EngineKind switch
                {
                    RelayEngineKind.Raw => new RawWorker(i, cpu, _legs, _counters[i], pipeline, _dispatcher.Signal, options.BatchSize,
                        options.BusyPoll, BinaryPrimitives.ReadUInt32BigEndian(options.MediaAddress.GetAddressBytes()),
                        _ports.FirstPort, _ports.PairCount, options.Workers, options.SocketBufferBytes),
                    RelayEngineKind.PacketRing => new PacketRingWorker(i, cpu, _legs, _counters[i], pipeline, _dispatcher.Signal, options.BatchSize,
                        options.BusyPoll, BinaryPrimitives.ReadUInt32BigEndian(options.MediaAddress.GetAddressBytes()),
                        _ports.FirstPort, _ports.PairCount, options.Workers, options.SocketBufferBytes),
                    RelayEngineKind.Uring => new UringWorker(i, cpu, _legs, _counters[i], pipeline, _dispatcher.Signal, options.BatchSize, options.BusyPoll),
                    RelayEngineKind.Batched => new BatchedWorker(i, cpu, _legs, _counters[i], pipeline, _dispatcher.Signal, options.BatchSize, options.BusyPoll),
                    _ => new PortableWorker(i, cpu, _legs, _counters[i], pipeline, _dispatcher.Signal, options.BatchSize),
                };
            }
            _controlSent = RelayMetrics.Register(metrics, this, _workers);
        }
        catch
        {
            // e.g. epoll_create1 refused, or the registry already holds a relay's metrics.
            foreach (var worker in _workers) worker?.Dispose();
            _dispatcher.Dispose();
            throw;
        }
        int realtime = options.RealtimePriority;
        if (realtime > 0 && RealtimeScheduling.Probe(realtime) is int errno and not 0)
        {
            SchedulingWarning = errno == Libc.EPERM
                ? $"Relay:RealtimePriority={realtime} needs CAP_SYS_NICE (or RLIMIT_RTPRIO >= {realtime}); workers run with normal scheduling"
                : $"Relay:RealtimePriority={realtime} was refused (errno {errno}); workers run with normal scheduling";
            realtime = 0;
        }
        foreach (var worker in _workers) worker.Start(realtime);
    }

    /// <summary>Why the workers do not run under the requested SCHED_FIFO priority (one line for the operator's log), or null.</summary>
    public string? SchedulingWarning { get; }

    /// <summary>The engine actually running (Auto resolved, Raw or PacketRing fallen back when their sockets are refused, Uring when io_uring is).</summary>
    public RelayEngineKind EngineKind { get; }

    /// <summary>The engine the options asked for.</summary>
    public RelayEngineKind RequestedEngine { get; }

    /// <summary>
    /// Why <see cref="EngineKind"/> differs from an explicitly requested engine (one line for the
    /// operator's log, e.g. "Relay:Engine=Raw needs CAP_NET_RAW ..."), or null when it does not.
    /// </summary>
    public string? EngineFallbackReason { get; }

    public IPAddress MediaAddress { get; }

    public event DivertedPacketHandler? PacketDiverted;

    /// <summary>The exception that stopped a worker thread, if any (a bug; for /healthz). Its legs no longer forward.</summary>
    public Exception? WorkerFault
    {
        get
        {
            foreach (var worker in _workers)
                if (worker.Fault is { } fault) return fault;
            return null;
        }
    }

    internal WorkerCounters[] Counters => _counters;
    internal IReadOnlyList<RelayWorker> Workers => _workers;
    internal int LegCount => Volatile.Read(ref _legCount);
    internal int BridgeCount => Volatile.Read(ref _bridgeCount);
    internal int FreePorts => 2 * _ports.FreePairs;
    internal long DivertHandlerErrors => _dispatcher.HandlerErrors;

    public LegHandle? AllocateLeg(in LegOptions options)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            bool singlePort = options.SinglePort || options.Kind == LegKind.Diverted;
            if (!_ports.TryAllocate(singlePort, out int slot, out var rtp, out var rtcp)) return null;

            // The Raw and PacketRing engines' kernel filters deal port pairs to workers by slot; the others round-robin.
            int worker = EngineKind is RelayEngineKind.Raw or RelayEngineKind.PacketRing ? slot % _workers.Length : _nextWorker++ % _workers.Length;
            var leg = new RelayLeg(++_nextLegId, slot, worker, options, rtp!, rtcp);
            foreach (var counters in _counters)
            {
                leg.OutPacketsBaseline += Volatile.Read(ref counters.LegOutPackets[slot]);
                leg.OutBytesBaseline += Volatile.Read(ref counters.LegOutBytes[slot]);
            }
            _legs.Publish(leg);
            _workers[worker].Add(leg);
            _legCount++;
            return leg.Handle;
        }
    }

    public void FreeLeg(LegHandle leg)
    {
        lock (_gate)
        {
            if (_disposed || Find(leg) is not { } state) return;
            if (state.BridgeId != 0) DetachCore(state);
            _legs.Clear(state);
            _workers[state.Worker].Remove(state);
            Synchronize();
            // Only now may the descriptors be closed: no worker can still use them (fd reuse).
            state.RtpSocket.Dispose();
            if (!state.SinglePort) state.RtcpSocket.Dispose();
            _ports.Release(state.Slot);
            _legCount--;
        }
    }

    public void SetRemote(LegHandle leg, IPEndPoint? rtp, IPEndPoint? rtcp)
    {
        long packedRtp = PackedEndpoint.FromEndPoint(rtp);
        long packedRtcp = PackedEndpoint.FromEndPoint(rtcp);
        lock (_gate)
        {
            Find(leg)?.Declare(packedRtp, packedRtcp);
        }
    }

    public BridgeHandle CreateBridge(BridgeMode mode)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var bridge = new Bridge(++_nextBridgeId, mode);
            _bridges.Add(bridge.Id, bridge);
            _bridgeCount++;
            return new BridgeHandle(bridge.Id);
        }
    }

    public void DestroyBridge(BridgeHandle bridge)
    {
        lock (_gate)
        {
            if (!_bridges.Remove(bridge.Id, out var state)) return;
            foreach (var member in state.Members)
            {
                member.Leg.BridgeId = 0;
                member.Leg.Route = null;
            }
            state.Members.Clear();
            _bridgeCount--;
            Synchronize();
        }
    }

    public void Attach(BridgeHandle bridge, LegHandle leg, uint outgoingSsrc = 0)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_bridges.TryGetValue(bridge.Id, out var target)) throw new ArgumentException($"unknown bridge {bridge.Id}", nameof(bridge));
            var state = Find(leg) ?? throw new ArgumentException($"unknown or freed leg {leg}", nameof(leg));
            if (state.Kind == LegKind.Diverted) throw new ArgumentException($"leg {leg} is a diverted (floor control) leg and is never bridged", nameof(leg));

            if (state.BridgeId == target.Id)
            {
                int index = target.Members.FindIndex(m => ReferenceEquals(m.Leg, state));
                target.Members[index] = new Destination(state, outgoingSsrc);
            }
            else
            {
                if (state.BridgeId != 0) DetachCore(state);
                target.Members.Add(new Destination(state, outgoingSsrc));
                state.BridgeId = target.Id;
            }
            PublishRoutes(target);
            Synchronize();
        }
    }

    public void Detach(LegHandle leg)
    {
        lock (_gate)
        {
            if (Find(leg) is not { BridgeId: not 0 } state) return;
            DetachCore(state);
            Synchronize();
        }
    }

    public void SetFloorHolder(BridgeHandle bridge, LegHandle? holder)
    {
        lock (_gate)
        {
            if (!_bridges.TryGetValue(bridge.Id, out var target)) return;
            RelayLeg? holderLeg = null;
            if (holder is { } h)
            {
                holderLeg = Find(h);
                if (holderLeg is null || holderLeg.BridgeId != target.Id)
                    throw new ArgumentException($"leg {h} is not attached to bridge {bridge.Id}", nameof(holder));
            }
            target.FloorHolder = holderLeg;
            PublishRoutes(target);
            Synchronize();
        }
    }

    public bool SendFromLeg(LegHandle leg, ReadOnlySpan<byte> datagram, bool rtcp)
    {
        lock (_gate)
        {
            if (_disposed || Find(leg) is not { } state) return false;
            long remote = rtcp ? state.RtcpTarget : state.RtpTarget;
            if (remote == PackedEndpoint.Unknown) return false;
            PackedEndpoint.WriteSockAddrIn(remote, _controlAddress.Buffer.Span);
            try
            {
                // A sendto from this thread on a socket a worker also sends on is safe for UDP:
                // each datagram is atomic in the kernel. No hand-off to the worker is needed.
                (rtcp ? state.RtcpSocket : state.RtpSocket).SendTo(datagram, SocketFlags.None, _controlAddress);
                _controlSent.Inc();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    public LegStats GetStats(LegHandle leg)
    {
        // Lock-free read: only Volatile reads of single-writer counters (the control plane polls this for T1/timeouts).
        var state = FindUnlocked(leg);
        if (state is null) return default;
        long packetsOut = -state.OutPacketsBaseline, bytesOut = -state.OutBytesBaseline;
        foreach (var counters in _counters)
        {
            packetsOut += Volatile.Read(ref counters.LegOutPackets[state.Slot]);
            bytesOut += Volatile.Read(ref counters.LegOutBytes[state.Slot]);
        }
        return new LegStats(
            Volatile.Read(ref state.RtpPacketsIn),
            Volatile.Read(ref state.RtpBytesIn),
            Volatile.Read(ref state.RtcpPacketsIn),
            packetsOut,
            bytesOut,
            Volatile.Read(ref state.Dropped),
            Volatile.Read(ref state.LastRtpTimestamp),
            PackedEndpoint.ToEndPoint(state.RtpLatch.Learned),
            state.SinglePort ? null : PackedEndpoint.ToEndPoint(state.RtcpLatch.Learned),
            Volatile.Read(ref state.DetectVoice ? ref state.LastVoiceTimestamp : ref state.LastRtpTimestamp));
    }

    public long LastActivity(LegHandle leg, bool voiceOnly)
    {
        // Lock-free like GetStats, without the snapshot's allocations.
        if (FindUnlocked(leg) is not { } state) return 0;
        return Volatile.Read(ref voiceOnly && state.DetectVoice ? ref state.LastVoiceTimestamp : ref state.LastRtpTimestamp);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        foreach (var worker in _workers) worker.Dispose();
        _dispatcher.Dispose();
        for (int slot = 0; slot < _legs.Capacity; slot++)
        {
            if (_legs.Get(slot) is not { } leg) continue;
            _legs.Clear(leg);
            leg.RtpSocket.Dispose();
            leg.RtcpSocket.Dispose();
        }
    }

    private void DetachCore(RelayLeg leg)
    {
        if (_bridges.TryGetValue(leg.BridgeId, out var bridge))
        {
            bridge.Members.RemoveAll(m => ReferenceEquals(m.Leg, leg));
            if (ReferenceEquals(bridge.FloorHolder, leg)) bridge.FloorHolder = null;
            PublishRoutes(bridge);
        }
        leg.BridgeId = 0;
        leg.Route = null;
    }

    /// <summary>Builds a fresh immutable route for every member and publishes each with one reference write.</summary>
    private static void PublishRoutes(Bridge bridge)
    {
        var members = bridge.Members;
        foreach (var member in members)
        {
            var targets = new Destination[members.Count - 1];
            int n = 0;
            foreach (var other in members)
                if (!ReferenceEquals(other.Leg, member.Leg)) targets[n++] = other;
            bool gated = bridge.Mode == BridgeMode.FloorHolderOnly && !ReferenceEquals(bridge.FloorHolder, member.Leg);
            member.Leg.Route = new Route(targets, gated, member.OutgoingSsrc);
        }
    }

    /// <summary>Publish-then-wait: a full fence, then every worker leaves the round it may be in.</summary>
    private void Synchronize()
    {
        Interlocked.MemoryBarrier();
        foreach (var worker in _workers) worker.WaitQuiescent();
    }

    private RelayLeg? Find(LegHandle handle) => FindUnlocked(handle);

    private RelayLeg? FindUnlocked(LegHandle handle)
    {
        int slot = _ports.PairOf(handle.RtpPort);
        return slot < 0 ? null : _legs.Get(slot, handle.Id);
    }

    private void Deliver(RelayLeg leg, long source, ReadOnlySpan<byte> datagram)
    {
        if (_legs.Get(leg.Slot, leg.Id) is null) return; // freed while queued
        PacketDiverted?.Invoke(leg.Handle, PackedEndpoint.ToEndPoint(source)!, datagram);
    }

    private static RelayEngineKind ResolveEngine(RelayEngineKind requested, Func<int> rawSocketProbe, out string? fallback)
    {
        fallback = null;
        if (requested == RelayEngineKind.Raw)
        {
            int errno = rawSocketProbe();
            if (errno == 0) return RelayEngineKind.Raw;
            fallback = errno is Libc.EPERM or Libc.EACCES
                ? "Relay:Engine=Raw needs CAP_NET_RAW (raw sockets); falling back to Batched"
                : $"Relay:Engine=Raw could not open a raw socket (errno {errno}); falling back to Batched";
            requested = RelayEngineKind.Batched;
        }
        else if (requested == RelayEngineKind.PacketRing)
        {
            int errno = rawSocketProbe();
            if (errno == 0) return RelayEngineKind.PacketRing;
            fallback = errno is Libc.EPERM or Libc.EACCES
                ? "Relay:Engine=PacketRing needs CAP_NET_RAW (AF_PACKET and raw sockets); falling back to Batched"
                : $"Relay:Engine=PacketRing could not open an AF_PACKET or raw socket (errno {errno}); falling back to Batched";
            requested = RelayEngineKind.Batched;
        }
        else if (requested == RelayEngineKind.Uring)
        {
            int errno = rawSocketProbe();
            if (errno == 0) return RelayEngineKind.Uring;
            fallback = errno switch
            {
                Libc.ENOSYS => "Relay:Engine=Uring needs io_uring (Linux x86-64, kernel built with it); falling back to Batched",
                Libc.EPERM or Libc.EACCES => "Relay:Engine=Uring: io_uring is refused to this process (kernel.io_uring_disabled or a seccomp policy); falling back to Batched",
                Libc.EINVAL => "Relay:Engine=Uring needs a kernel with provided-buffer rings and multishot recvmsg (6.0 or later); falling back to Batched",
                _ => $"Relay:Engine=Uring could not set up io_uring (errno {errno}); falling back to Batched",
            };
            requested = RelayEngineKind.Batched;
        }
        if (requested == RelayEngineKind.Batched && !BatchedIoAvailable())
        {
            fallback ??= "Relay:Engine=Batched needs Linux epoll/recvmmsg/sendmmsg; falling back to Portable";
            return RelayEngineKind.Portable;
        }
        if (requested != RelayEngineKind.Auto) return requested;
        // Auto takes the cheapest engine that needs no privilege and keeps the host's per-port sockets
        // (netfilter, socket counters): Uring where io_uring works, else Batched, else Portable. No
        // warning: nothing explicit was refused.
        if (OperatingSystem.IsLinux() && rawSocketProbe() == 0) return RelayEngineKind.Uring;
        return OperatingSystem.IsLinux() && BatchedIoAvailable() ? RelayEngineKind.Batched : RelayEngineKind.Portable;
    }

    private static bool BatchedIoAvailable()
    {
        try
        {
            int fd = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
            if (fd < 0) return false;
            Libc.Close(fd);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
