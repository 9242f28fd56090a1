using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Floor.Tests.Server;

/// <summary>The session lock serializes inputs from many threads and real timer callbacks.</summary>
public class FloorConcurrencyTests
{
    private sealed class ConcurrentGate : IFloorMediaGate
    {
        public volatile string? Holder;
        public void SetHolder(string? participantId) => Holder = participantId;
    }

    private sealed class CountingChannel : IFloorParticipantChannel
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public void Send(ReadOnlySpan<byte> message) => Interlocked.Increment(ref _count);
    }

    [Fact]
    public async Task Concurrent_inputs_and_real_timers_leave_a_coherent_state()
    {
        var timers = new FloorTimers
        {
            T1EndOfRtpMedia = TimeSpan.FromMilliseconds(20),
            T2StopTalking = TimeSpan.FromMilliseconds(60),
            T3StopTalkingGrace = TimeSpan.FromMilliseconds(10),
            T7FloorIdle = TimeSpan.FromMilliseconds(5),
            T8FloorRevoke = TimeSpan.FromMilliseconds(5),
            T20FloorGranted = TimeSpan.FromMilliseconds(5),
        };
        var server = new FloorServer(new MetricsRegistry(), TimeProvider.System, timers);
        var gate = new ConcurrentGate();
        using var session = server.CreateSession(new FloorSessionOptions(), gate);
        var ids = new[] { "A", "B", "C", "D" };
        var channels = ids.ToDictionary(id => id, _ => new CountingChannel());
        for (int i = 0; i < ids.Length; i++)
            session.AddParticipant(new FloorParticipantOptions(ids[i]) { Ssrc = (uint)(i + 1), Queueing = i % 2 == 0, MaxPriority = (byte)(i + 1) }, channels[ids[i]]);
        session.Start();

        var workers = ids.Select((id, index) => Task.Run(() =>
        {
            var rng = new Random(index);
            for (int step = 0; step < 300; step++) // a count, not a deadline: a busy machine must not skip the work
            {
                switch (rng.Next(4))
                {
                    case 0: session.Receive(id, Messages.Request((uint)(index + 1), (byte)rng.Next(1, 6))); break;
                    case 1: session.Receive(id, Messages.Release((uint)(index + 1), rng.Next(2) == 0)); break;
                    case 2: session.OnMedia(id); break;
                    default: session.Receive(id, Messages.Ack((uint)(index + 1), 0x11)); break;
                }
                if (step % 10 == 0) Thread.Sleep(1); // let real timers interleave
            }
        })).ToArray();
        await Task.WhenAll(workers);

        // Let T1/T3 run out: with nobody talking, the floor must end up idle.
        var settle = DateTime.UtcNow.AddSeconds(5);
        while (session.State != GeneralFloorState.Idle && DateTime.UtcNow < settle) await Task.Delay(10);
        Assert.Equal(GeneralFloorState.Idle, session.State);
        Assert.Null(session.Holder);
        Assert.Null(gate.Holder);
        Assert.True(server.Metrics.Grants.Value > 0);
        Assert.All(channels.Values, c => Assert.True(c.Count > 0));
    }
}
