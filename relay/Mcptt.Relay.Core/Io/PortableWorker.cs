using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Buffers;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// Worker for platforms without the batched engine: Socket.Select over its sockets on a dedicated
/// thread, then ReceiveFrom(Span, flags, SocketAddress) — the allocation-free overload — of up to
/// BatchSize datagrams per ready socket into its pinned slab. Select is O(sockets) per wakeup, the
/// price of portability; the batched engine is the one built for scale.
/// The socket set is an immutable snapshot replaced by the control plane (same RCU rule as routes).
/// </summary>
internal sealed class PortableWorker : RelayWorker
{
    private const int IdleWaitMicroseconds = 50_000;

    private readonly int _batchSize;
    private readonly List<Socket> _ready = new();
    private readonly PacketSlab _slab;
    private readonly ReceiveBatch _batch;
    private readonly PortableSender _sender;
    private readonly SocketAddress _source = new(AddressFamily.InterNetwork);
    private readonly ManualResetEventSlim _socketsChanged = new(false);
    private SocketSet _set = SocketSet.Empty;

    public PortableWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline,
        Action signalDivert, int batchSize)
        : base(index, cpu, legs, counters, pipeline, signalDivert)
    {
        _batchSize = batchSize;
        _slab = new PacketSlab(batchSize);
        _batch = new ReceiveBatch(_slab);
        _sender = new PortableSender(counters);
    }

    public override void Add(RelayLeg leg)
    {
        var set = Volatile.Read(ref _set).With(leg, leg.RtpSocket, rtcp: false);
        if (!leg.SinglePort) set = set.With(leg, leg.RtcpSocket, rtcp: true);
        Volatile.Write(ref _set, set);
        _socketsChanged.Set();
    }

    public override void Remove(RelayLeg leg) => Volatile.Write(ref _set, Volatile.Read(ref _set).Without(leg));

    protected override void Loop()
    {
        while (Running)
        {
            var set = Volatile.Read(ref _set);
            if (set.Sockets.Length == 0)
            {
                _socketsChanged.Wait(IdleWaitMicroseconds / 1000);
                _socketsChanged.Reset();
                continue;
            }

            _ready.Clear();
            for (int i = 0; i < set.Sockets.Length; i++) _ready.Add(set.Sockets[i]);
            try
            {
                Socket.Select(_ready, null, null, IdleWaitMicroseconds);
            }
            catch (ObjectDisposedException)
            {
                continue; // a leg was freed under us; the next snapshot no longer has it
            }
            catch (SocketException)
            {
                continue;
            }

            BeginRound();
            Counters.Increment(WorkerCounters.PollCalls);
            // Select keeps the ready sockets in their original order: walk both lists together.
            int index = 0;
            for (int r = 0; r < _ready.Count; r++)
            {
                while (!ReferenceEquals(set.Sockets[index], _ready[r])) index++;
                var leg = set.Legs[index];
                if (Legs.Get(leg.Slot, leg.Id) is null) continue; // freed since the snapshot
                Drain(leg, _ready[r], set.Rtcp[index]);
            }
            EndRound();
        }
    }

    private void Drain(RelayLeg leg, Socket socket, bool rtcp)
    {
        int count = 0;
        while (count < _batchSize)
        {
            if (count > 0 && socket.Available == 0) break;
            Counters.Increment(WorkerCounters.ReceiveCalls);
            try
            {
                _batch.Lengths[count] = socket.ReceiveFrom(_slab.Span(count, PacketSlab.SlotSize), SocketFlags.None, _source);
                _batch.Sources[count] = PackedEndpoint.FromSockAddrIn(_source.Buffer.Span);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
            {
                _batch.Lengths[count] = ReceiveBatch.Truncated;
                _batch.Sources[count] = PackedEndpoint.Unknown;
            }
            catch (SocketException)
            {
                break; // spurious readiness / ICMP error report: nothing to read
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            count++;
        }
        if (count == 0) return;
        _batch.Count = count;
        _batch.ArrivalTicks = Stopwatch.GetTimestamp();
        Pipeline.Process(leg, rtcp, _batch, _sender);
    }

    protected override void ReleaseResources()
    {
        _slab.Dispose();
        _socketsChanged.Dispose();
    }

    private sealed class SocketSet(Socket[] sockets, RelayLeg[] legs, bool[] rtcp)
    {
        public static readonly SocketSet Empty = new([], [], []);

        public Socket[] Sockets { get; } = sockets;
        public RelayLeg[] Legs { get; } = legs;
        public bool[] Rtcp { get; } = rtcp;

        public SocketSet With(RelayLeg leg, Socket socket, bool rtcp) =>
            new([.. Sockets, socket], [.. Legs, leg], [.. Rtcp, rtcp]);

        public SocketSet Without(RelayLeg leg)
        {
            var sockets = new List<Socket>(Sockets.Length);
            var legs = new List<RelayLeg>(Sockets.Length);
            var rtcp = new List<bool>(Sockets.Length);
            for (int i = 0; i < Sockets.Length; i++)
            {
                if (ReferenceEquals(Legs[i], leg)) continue;
                sockets.Add(Sockets[i]);
                legs.Add(Legs[i]);
                rtcp.Add(Rtcp[i]);
            }
            return new SocketSet(sockets.ToArray(), legs.ToArray(), rtcp.ToArray());
        }
    }
}
