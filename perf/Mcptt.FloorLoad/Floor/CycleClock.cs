namespace Mcptt.FloorLoad.Floor;

internal enum DueKind : byte { Request, Release, Deadline }

/// <summary>Something a group has to do at a time: send its next request, release the floor, or give up waiting.</summary>
internal readonly record struct Due(DueKind Kind, LoadGroup Group, int Cycle);

/// <summary>
/// One thread that fires <see cref="Due"/> entries at their time (Clock nanoseconds), earliest first. Only the
/// send times matter for the figures, and they are stamped when the message goes out; the wake-up jitter of a
/// millisecond or so only shifts when a cycle starts.
/// </summary>
internal sealed class CycleClock : IDisposable
{
    private readonly PriorityQueue<Due, long> _queue = new();
    private readonly object _gate = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Action<Due> _fire;
    private readonly Thread _thread;
    private volatile bool _running = true;

    public CycleClock(Action<Due> fire)
    {
        _fire = fire;
        _thread = new Thread(Run) { IsBackground = true, Name = "floor-load-clock" };
        _thread.Start();
    }

    public long Failures;

    public void At(long dueNs, Due due)
    {
        bool earliest;
        lock (_gate)
        {
            earliest = !_queue.TryPeek(out _, out long first) || dueNs < first;
            _queue.Enqueue(due, dueNs);
        }
        if (earliest) _wake.Set();
    }

    private void Run()
    {
        while (_running)
        {
            Due due;
            long wait;
            lock (_gate)
            {
                if (!_queue.TryPeek(out due, out long at)) wait = 100;
                else
                {
                    wait = (at - Clock.NowNs()) / 1_000_000;
                    if (wait <= 0) _queue.Dequeue();
                }
            }
            if (wait > 0)
            {
                _wake.WaitOne((int)Math.Min(wait, 100));
                continue;
            }
            try
            {
                _fire(due);
            }
            catch (Exception)
            {
                // A bug in one cycle must not stop every group; it shows up in the report.
                Interlocked.Increment(ref Failures);
            }
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
