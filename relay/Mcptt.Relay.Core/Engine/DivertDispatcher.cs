using Mcptt.Relay.Core.Forwarding;

namespace Mcptt.Relay.Core.Engine;

/// <summary>
/// The control-plane thread that drains every worker's <see cref="DivertRing"/> and hands the
/// datagrams to the engine's PacketDiverted subscribers, so floor control code never runs on (or
/// stalls) a media worker. Workers wake it once per round with a diverted packet; floor control
/// is a few messages per second, so that event is not on the media hot path.
/// </summary>
internal sealed class DivertDispatcher : IDisposable
{
    private const int IdleWaitMilliseconds = 100;

    private readonly DivertRing[] _rings;
    private readonly Action<RelayLeg, long, ReadOnlySpan<byte>> _deliver;
    // No spinning before the wait: on a small box the worker that would Set the event needs the same cores, and a
    // spinning (then sched_yield-ing) dispatcher only takes time from it (seen in the floor-load profile).
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Thread _thread;
    private volatile bool _running = true;
    private long _handlerErrors;

    public DivertDispatcher(DivertRing[] rings, Action<RelayLeg, long, ReadOnlySpan<byte>> deliver)
    {
        _rings = rings;
        _deliver = deliver;
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-divert" };
        _thread.Start();
    }

    public long HandlerErrors => Volatile.Read(ref _handlerErrors);

    public void Signal() => _wake.Set();

    private void Run()
    {
        while (_running)
        {
            // Reset before draining: a Set that races with the drain is either seen by the drain or
            // leaves the event set, so nothing waits for the idle timeout.
            _wake.Reset();
            foreach (var ring in _rings) Drain(ring);
            _wake.Wait(IdleWaitMilliseconds);
        }
    }

    private void Drain(DivertRing ring)
    {
        while (ring.Peek() is { } entry)
        {
            try
            {
                if (entry.Leg is { } leg) _deliver(leg, entry.Source, entry.Data.AsSpan(0, entry.Length));
            }
            catch (Exception)
            {
                // A subscriber's bug must not stop floor control for everyone else.
                Interlocked.Increment(ref _handlerErrors);
            }
            ring.Release();
        }
    }

    public void Dispose()
    {
        _running = false;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }
}
