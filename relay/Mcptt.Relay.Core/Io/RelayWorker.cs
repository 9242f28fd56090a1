using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Io;

/// <summary>
/// A dedicated (optionally pinned) thread that owns a set of sockets and runs the forwarding
/// pipeline over what they receive.
///
/// Quiescence (how control-plane changes are acknowledged): the worker increments
/// <see cref="Generation"/> with a full fence when it starts handling a round of ready sockets
/// (odd = inside) and again when it is done (even = outside, e.g. blocked in epoll_wait). Every
/// route/leg lookup happens inside a round. The control plane publishes, fences, then waits only
/// for workers whose generation is odd until it changes: after that, no worker can still hold a
/// route or leg read before the publish. Idle workers are never woken for this.
/// </summary>
internal abstract class RelayWorker : IDisposable
{
    private const int GenerationIndex = 8; // padded to its own cache line
    private readonly long[] _generation = new long[2 * GenerationIndex];
    private readonly int? _cpu;
    private readonly Action _signalDivert;
    private Thread? _thread;
    private int _realtimePriority;
    private volatile bool _running;
    private volatile bool _exited;
    private long _allocatedBytes;
    private Exception? _fault;
    private long _allocatedAtStart;

    protected RelayWorker(int index, int? cpu, LegTable legs, WorkerCounters counters, ForwardingPipeline pipeline, Action signalDivert)
    {
        Index = index;
        _cpu = cpu;
        Legs = legs;
        Counters = counters;
        Pipeline = pipeline;
        _signalDivert = signalDivert;
    }

    public int Index { get; }
    public WorkerCounters Counters { get; }
    public Exception? Fault
    {
        get => Volatile.Read(ref _fault);
        private set => Volatile.Write(ref _fault, value);
    }
    public bool Pinned { get; private set; }

    /// <summary>True when the worker thread runs under SCHED_FIFO (see <see cref="RealtimeScheduling"/>).</summary>
    public bool Realtime { get; private set; }

    protected LegTable Legs { get; }
    protected ForwardingPipeline Pipeline { get; }
    protected bool Running => _running;

    public long Generation => Volatile.Read(ref _generation[GenerationIndex]);

    /// <summary>
    /// Bytes the worker thread has allocated on the managed heap since it started, sampled at the end
    /// of every round (GC.GetAllocatedBytesForCurrentThread is a cheap thread-local read). In steady
    /// state this must not move: it is exported as a metric and asserted by the tests.
    /// </summary>
    public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

    /// <summary>Control plane: registers the leg's sockets with this worker (called before the leg is routable).</summary>
    public abstract void Add(RelayLeg leg);

    /// <summary>Control plane: unregisters; the caller then waits for quiescence before closing the sockets.</summary>
    public abstract void Remove(RelayLeg leg);

    protected abstract void Loop();

    protected abstract void ReleaseResources();

    /// <param name="realtimePriority">SCHED_FIFO priority for the thread, 0 = normal scheduling.</param>
    public void Start(int realtimePriority = 0)
    {
        _realtimePriority = realtimePriority;
        _running = true;
        _thread = new Thread(ThreadMain) { IsBackground = true, Name = $"relay-worker-{Index}" };
        _thread.Start();
    }

    /// <summary>Returns once this worker is outside any round that began before the call.</summary>
    public void WaitQuiescent()
    {
        long generation = Generation;
        if ((generation & 1) == 0) return;
        var spin = new SpinWait();
        while (Generation == generation && !_exited) spin.SpinOnce();
    }

    protected void BeginRound() => Interlocked.Increment(ref _generation[GenerationIndex]);

    protected void EndRound()
    {
        Interlocked.Increment(ref _generation[GenerationIndex]);
        Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart);
        if (Pipeline.DivertPending)
        {
            Pipeline.DivertPending = false;
            _signalDivert();
        }
    }

    private void ThreadMain()
    {
        if (_cpu is int cpu) Pinned = CpuAffinity.TryPinCurrentThread(cpu);
        if (_realtimePriority > 0) Realtime = RealtimeScheduling.TrySetCurrentThread(_realtimePriority) == 0;
        _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Loop();
        }
        catch (Exception ex)
        {
            // A bug, not hostile input (that is counted, never thrown). Keep the process alive for
            // the other workers and make the fault visible; legs owned here stop forwarding.
            Fault = ex;
        }
        finally
        {
            if ((Generation & 1) != 0) Interlocked.Increment(ref _generation[GenerationIndex]);
            _exited = true;
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread?.Join();
        ReleaseResources();
    }
}
