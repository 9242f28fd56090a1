using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Server;

/// <summary>Drops every Nth datagram that crosses it.</summary>
public sealed class LossyLink(int every, int phase = 0)
{
    private int _count = phase;

    public int Dropped { get; private set; }

    public int Passed { get; private set; }

    public bool Drop()
    {
        if (++_count % every == 0) { Dropped++; return true; }
        Passed++;
        return false;
    }
}

public enum ClientView { Unknown, Idle, Taken, Permitted }

/// <summary>
/// A minimal floor participant (TS 24.380 §6.2 client side, simplified): acknowledges ack-required
/// messages, retries Floor Request (T101-like) and Floor Release (T100-like) every second until it
/// hears an answer, releases on Revoke. Inbound messages are queued and handled by <see cref="Pump"/>
/// so the client never re-enters the session from inside a server transition.
/// </summary>
public sealed class SimulatedClient(string id, uint ssrc, LossyLink up, LossyLink down, TimeProvider time) : IFloorParticipantChannel
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private readonly Queue<byte[]> _inbox = new();
    private DateTimeOffset _retryAt;

    public string Id { get; } = id;
    public FloorSession? Session { get; set; }
    public ClientView View { get; private set; }
    public string? TakenBy { get; private set; }
    public bool WantsFloor { get; private set; }
    public bool Releasing { get; private set; }
    public bool Queued { get; private set; }
    public int Denied { get; private set; }
    public int Retries { get; private set; }

    public void Send(ReadOnlySpan<byte> message)
    {
        if (!down.Drop()) _inbox.Enqueue(message.ToArray());
    }

    public void RequestFloor()
    {
        WantsFloor = true;
        Transmit(Messages.Request(ssrc));
    }

    public void ReleaseFloor()
    {
        Releasing = true;
        Transmit(Messages.Release(ssrc));
    }

    public void Pump()
    {
        while (_inbox.TryDequeue(out var bytes)) Handle(Decoded.From(bytes));
    }

    public void Tick()
    {
        if (time.GetUtcNow() < _retryAt || !(WantsFloor || Releasing)) return;
        Retries++;
        Transmit(WantsFloor ? Messages.Request(ssrc) : Messages.Release(ssrc));
    }

    private void Handle(Decoded m)
    {
        switch (m.Type)
        {
            case FloorMessageType.Granted:
                View = ClientView.Permitted;
                WantsFloor = false;
                Queued = false;
                break;
            case FloorMessageType.Taken:
                View = ClientView.Taken;
                TakenBy = m.GrantedParty;
                Releasing = false;
                break;
            case FloorMessageType.Idle:
                View = ClientView.Idle;
                TakenBy = null;
                Releasing = false;
                break;
            case FloorMessageType.Deny:
                WantsFloor = false;
                Denied++;
                break;
            case FloorMessageType.QueuePositionInfo:
                WantsFloor = false;
                Queued = m.QueueInfo is { Position: < FloorQueuePosition.NotQueued };
                break;
            case FloorMessageType.Revoke:
                ReleaseFloor();
                break;
        }
        if (m.AckRequired) Transmit(Messages.Ack(ssrc, m.RawSubtype), retry: false);
    }

    private void Transmit(byte[] message, bool retry = true)
    {
        if (retry) _retryAt = time.GetUtcNow() + Retry;
        if (!up.Drop()) Session!.Receive(Id, message);
    }
}
