using Mcptt.Client.Floor;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Core;

public sealed partial class McpttClient
{
    /// <summary>
    /// Sends a Floor Request with <paramref name="priority"/> (default: --priority). Like T101/C101, it is
    /// re-sent while no answer (Granted, Deny, Taken, Queue Position Info, Idle) arrives, and given up after
    /// <see cref="McpttClientOptions.FloorAttempts"/> sends (journaled as <see cref="ClientEventKind.FloorNoAnswer"/>).
    /// </summary>
    public async Task RequestFloorAsync(byte? priority = null)
    {
        RequireFloorChannel();
        byte? effective = priority ?? _options.Priority;
        long attempt;
        lock (_gate)
        {
            attempt = ++_floorAttempt;
            if (_floorState != FloorState.Granted)
            {
                _floorState = FloorState.PendingRequest;
            }
        }

        await _floor.SendRequestAsync(effective).ConfigureAwait(false);
        Say("floor request sent" + (effective is { } p ? $" (priority {p})" : string.Empty));
        _ = RetryWhilePendingAsync(attempt, FloorState.PendingRequest, () => _floor.SendRequestAsync(effective), "Floor Request");
    }

    /// <summary>Stops talking and sends a Floor Release (also cancels a queued request); re-sent like T100/C100.</summary>
    public async Task ReleaseFloorAsync()
    {
        RequireFloorChannel();
        StopTalking();
        long attempt;
        lock (_gate)
        {
            attempt = ++_floorAttempt;
            _floorState = FloorState.PendingRelease;
        }

        await _floor.SendReleaseAsync().ConfigureAwait(false);
        Say("floor release sent");
        _ = RetryWhilePendingAsync(attempt, FloorState.PendingRelease, _floor.SendReleaseAsync, "Floor Release");
    }

    private async Task RetryWhilePendingAsync(long attempt, FloorState pending, Func<Task> send, string what)
    {
        try
        {
            for (int sent = 1; ; sent++)
            {
                await Task.Delay(_options.FloorRetryInterval, _life.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_floorAttempt != attempt || _floorState != pending)
                    {
                        return;
                    }

                    if (sent >= _options.FloorAttempts)
                    {
                        // Give up: back to "no permission"; the holder (if any) is still known from Floor Taken.
                        _floorState = _floorHolder is not null && _floorHolder != Aor.ToString() ? FloorState.Taken : FloorState.Idle;
                        break;
                    }
                }

                await send().ConfigureAwait(false);
            }

            Record(ClientEventKind.FloorNoAnswer, $"no answer to {what} after {_options.FloorAttempts} sends");
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Shut down or the call ended: nothing left to retry.
        }
    }

    public async Task QueuePositionRequestAsync()
    {
        RequireFloorChannel();
        await _floor.SendQueuePositionRequestAsync().ConfigureAwait(false);
        Say("queue position request sent");
    }

    /// <summary>
    /// Streams the microphone for <paramref name="duration"/> while we hold the floor; returns the
    /// packets sent. Ends early (without error) when the floor is revoked, released or taken.
    /// A call whose answer has no floor channel (full duplex) needs no floor. <paramref name="ignoreFloor"/>
    /// sends anyway, to check that the server drops media from a participant without permission.
    /// </summary>
    /// <exception cref="InvalidOperationException">The floor is not granted to us (and not ignored).</exception>
    public async Task<int> TalkAsync(TimeSpan duration, CancellationToken cancel = default, bool ignoreFloor = false)
    {
        CancellationTokenSource talk;
        lock (_gate)
        {
            bool fullDuplex = _remoteMedia is { Audio: not null, Floor: null };
            if (_floorState != FloorState.Granted && !fullDuplex && !ignoreFloor)
            {
                throw new InvalidOperationException($"cannot talk: floor is {_floorState}, not Granted (use 'talk D force' to send anyway)");
            }

            if (_talk is not null)
            {
                throw new InvalidOperationException("already talking");
            }

            talk = CancellationTokenSource.CreateLinkedTokenSource(cancel, _life.Token);
            _talk = talk;
        }

        Record(ClientEventKind.TalkStarted, $"sending PCMU SSRC {Ssrc:x8} to {_audio.Remote}");
        int sent = 0;
        try
        {
            sent = await _audio.TalkAsync(_microphone, duration, talk.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_talk, talk))
                {
                    _talk = null;
                }
            }

            talk.Dispose();
            Record(ClientEventKind.TalkStopped, $"{sent} packets sent");
        }

        return sent;
    }

    /// <summary>Stops a running <see cref="TalkAsync"/> (it returns normally).</summary>
    public void StopTalking()
    {
        CancellationTokenSource? talk;
        lock (_gate)
        {
            talk = _talk;
            _talk = null;
        }

        try
        {
            talk?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The talk finished on its own between reading and cancelling.
        }
    }

    private void RequireFloorChannel()
    {
        if (_floor.Remote is null)
        {
            throw new InvalidOperationException("no floor control channel: not in a call, or the answer had no m=application MCPTT");
        }
    }

    private void OnFloorMessage(FloorEvent ev)
    {
        ClientEventKind kind;
        bool stopTalking = false, release = false;
        long releaseAttempt = 0;
        string me = Aor.ToString();
        lock (_gate)
        {
            switch (ev.Type)
            {
                case FloorMessageType.Granted:
                    kind = ClientEventKind.FloorGranted;
                    _floorState = FloorState.Granted;
                    _floorHolder = me;
                    _queuePosition = null;
                    break;
                case FloorMessageType.Taken:
                    kind = ClientEventKind.FloorTaken;
                    stopTalking = _floorState == FloorState.Granted;
                    _floorState = FloorState.Taken;
                    _floorHolder = ev.GrantedPartyIdentity ?? ev.UserId;
                    break;
                case FloorMessageType.Deny:
                    kind = ClientEventKind.FloorDeny;
                    _floorState = _floorHolder is not null && _floorHolder != me ? FloorState.Taken : FloorState.Idle;
                    _queuePosition = null;
                    break;
                case FloorMessageType.Idle:
                    kind = ClientEventKind.FloorIdle;
                    stopTalking = _talk is not null;
                    _floorState = FloorState.Idle;
                    _floorHolder = null;
                    _queuePosition = null;
                    break;
                case FloorMessageType.Revoke:
                    // The participant stops sending media and releases the floor (TS 24.380 §6.2.4).
                    kind = ClientEventKind.FloorRevoke;
                    stopTalking = true;
                    release = true;
                    releaseAttempt = ++_floorAttempt;
                    _floorState = FloorState.PendingRelease;
                    break;
                case FloorMessageType.QueuePositionInfo:
                    kind = ClientEventKind.FloorQueueInfo;
                    _queuePosition = ev.QueuePosition;
                    if (_floorState is FloorState.PendingRequest or FloorState.Queued or FloorState.Taken or FloorState.Idle)
                    {
                        _floorState = ev.QueuePosition == FloorQueuePosition.NotQueued ? _floorState : FloorState.Queued;
                    }

                    break;
                default:
                    kind = ClientEventKind.FloorOther;
                    break;
            }
        }

        if (stopTalking)
        {
            StopTalking();
        }

        Record(kind, ev.ToString(), floor: ev);
        if (release)
        {
            _ = SendReleaseQuietlyAsync(releaseAttempt);
        }
    }

    private async Task SendReleaseQuietlyAsync(long attempt)
    {
        try
        {
            await _floor.SendReleaseAsync().ConfigureAwait(false);
            await RetryWhilePendingAsync(attempt, FloorState.PendingRelease, _floor.SendReleaseAsync, "Floor Release").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
        {
            Say("floor release after revoke failed: " + ex.Message);
        }
    }
}
