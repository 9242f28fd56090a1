namespace Mcptt.Client.Core;

/// <summary>
/// An append-only, bounded log of <see cref="ClientEvent"/>s with absolute sequence numbers.
/// Waiters scan forward from a cursor, so an event that arrived before the wait started
/// (a fast Floor Granted) still satisfies it, and one event satisfies only one wait in order.
/// </summary>
public sealed class EventJournal
{
    public const int Capacity = 10_000;
    private readonly Lock _gate = new();
    private readonly Queue<ClientEvent> _events = new();
    private long _next;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised (outside the lock) for every appended event.</summary>
    public event Action<ClientEvent>? Appended;

    /// <summary>Sequence number the next event will get; a cursor that sees only future events.</summary>
    public long NextSequence
    {
        get
        {
            lock (_gate)
            {
                return _next;
            }
        }
    }

    public ClientEvent Append(ClientEventKind kind, string detail, Func<ClientEvent, ClientEvent>? decorate = null)
    {
        ClientEvent ev;
        TaskCompletionSource changed;
        lock (_gate)
        {
            ev = new ClientEvent(_next++, kind, detail);
            if (decorate is not null)
            {
                ev = decorate(ev);
            }

            _events.Enqueue(ev);
            if (_events.Count > Capacity)
            {
                _events.Dequeue();
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        Appended?.Invoke(ev);
        return ev;
    }

    public IReadOnlyList<ClientEvent> Snapshot()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }

    /// <summary>
    /// Returns the first event at or after <paramref name="fromSequence"/> accepted by <paramref name="match"/>,
    /// or null when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<ClientEvent?> WaitAsync(long fromSequence, Func<ClientEvent, bool> match, TimeSpan timeout, CancellationToken cancel)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        long cursor = fromSequence;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                foreach (ClientEvent ev in _events)
                {
                    if (ev.Sequence < cursor)
                    {
                        continue;
                    }

                    cursor = ev.Sequence + 1;
                    if (match(ev))
                    {
                        return ev;
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return null;
            }
        }
    }
}
