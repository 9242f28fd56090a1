using Mcptt.Floor.Server;
using Mcptt.Floor.Wire;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// Floor control datagrams (TS 24.380 RTCP APP "MCPT") into a real floor session with two participants,
/// as the floor controller receives them from each participant's channel and by SSRC, plus every field
/// decoded through <see cref="FloorFields"/>. Input: chunks of "length (2 octets) + datagram"; chunk i goes
/// to participant a, b, or by SSRC (i mod 3). Time does not move, so every run is the same.
/// Crash: any exception (the wire codec documents <see cref="FloorParseError"/> values, never throws).
/// </summary>
internal sealed class FloorTarget : FuzzTarget
{
    private const int MaxChunks = 8;
    private readonly FloorServer _server = new(new MetricsRegistry(), new FrozenTime());

    public override string Name => "floor";

    public override string Description => "FloorDatagramReader/FloorFields and a FloorSession receiving them; crash = exception";

    public override void Run(ReadOnlySpan<byte> input)
    {
        using var session = _server.CreateSession(new FloorSessionOptions { ServerSsrc = 0x5E55_0001 }, NoGate.Instance);
        session.AddParticipant(new FloorParticipantOptions("a") { Ssrc = 0x1111_1111, UserId = "alice", Queueing = true, MaxPriority = 5 }, NoChannel.Instance);
        session.AddParticipant(new FloorParticipantOptions("b") { Ssrc = 0x2222_2222, UserId = "bob" }, NoChannel.Instance);
        session.Start();
        for (int chunk = 0; chunk < MaxChunks && Chunks.Next(ref input, out var datagram); chunk++)
        {
            ReadAll(datagram);
            switch (chunk % 3)
            {
                case 0: session.Receive("a", datagram); break;
                case 1: session.Receive("b", datagram); break;
                default: session.ReceiveBySsrc(datagram); break;
            }
        }
    }

    private static void ReadAll(ReadOnlySpan<byte> datagram)
    {
        var reader = new FloorDatagramReader(datagram);
        while (reader.TryReadNext(out var packet, out var error))
            if (error == FloorParseError.None) ReadFields(packet);
    }

    /// <summary>Decodes and reads every field of one packet (also used for what the relay diverts).</summary>
    internal static void ReadFields(FloorPacket packet)
    {
        _ = packet.Type;
        _ = packet.AckRequired;
        var fields = packet.Fields;
        while (fields.MoveNext()) _ = fields.TryGetId(out _);
        if (FloorFields.TryDecode(packet.Payload, out var f) != FloorParseError.None) return;
        _ = f.GetUserId() + f.GetGrantedPartyIdentity() + f.GetQueuedUserId() + f.GetRejectPhrase();
        _ = (f.Priority, f.DurationSeconds, f.RejectCause, f.QueueInfo, f.QueueSize, f.SequenceNumber, f.Source,
            f.AcknowledgedSubtype, f.Indicator, f.Ssrc, f.PermissionToRequest, f.TrackInfo.Length);
    }

    private sealed class NoGate : IFloorMediaGate
    {
        public static readonly NoGate Instance = new();
        public void SetHolder(string? participantId) { }
    }

    private sealed class NoChannel : IFloorParticipantChannel
    {
        public static readonly NoChannel Instance = new();
        public void Send(ReadOnlySpan<byte> message) { }
    }

    /// <summary>A clock that never moves and timers that never fire: runs do not depend on timing.</summary>
    private sealed class FrozenTime : TimeProvider
    {
        private readonly DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public override long GetTimestamp() => 0;
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
