using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Floor.Tests.Server;

/// <summary>
/// 10 % loss (every tenth datagram, both directions): acknowledgements and retransmissions
/// (T20/C20 Granted, T7/C7 Idle, client-side request/release retries) still bring every exchange
/// to the right state. Listeners' views while someone talks are not asserted: Floor Taken has no
/// retransmission procedure, a listener that missed it learns the state from the next exchange.
/// </summary>
public class FloorLossTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingGate _gate = new();
    private readonly Dictionary<string, SimulatedClient> _clients = new();
    private LossyLink _up = null!;
    private LossyLink _down = null!;
    private FloorServer _server = null!;
    private FloorSession _session = null!;

    private void Build(int upPhase, int downPhase)
    {
        _up = new LossyLink(10, upPhase);
        _down = new LossyLink(10, downPhase);
        _server = new FloorServer(new MetricsRegistry(), _time);
        _session = _server.CreateSession(new FloorSessionOptions { AcknowledgementsRequired = true }, _gate);
        uint ssrc = 0x100;
        foreach (var id in new[] { "A", "B", "C" })
        {
            var client = new SimulatedClient(id, ++ssrc, _up, _down, _time) { Session = _session };
            _clients[id] = client;
            _session.AddParticipant(new FloorParticipantOptions(id) { UserId = id, Ssrc = ssrc, Queueing = true }, client);
        }
        _session.Start();
    }

    /// <summary>Runs 100 ms steps until the condition holds; false after the limit.</summary>
    private bool RunUntil(Func<bool> condition, double limitSeconds = 10)
    {
        for (double t = 0; t < limitSeconds; t += 0.1)
        {
            foreach (var c in _clients.Values) { c.Pump(); c.Tick(); }
            foreach (var c in _clients.Values)
                if (c.View == ClientView.Permitted && _session.Holder == c.Id) _session.OnMedia(c.Id); // talking
            if (condition()) return true;
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        return condition();
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 7)]
    [InlineData(9, 5)]
    public void Every_exchange_converges_despite_loss(int upPhase, int downPhase)
    {
        Build(upPhase, downPhase);
        var order = new[] { "A", "B", "C" };
        RunUntil(() => _clients.Values.All(c => c.View == ClientView.Idle));
        for (int round = 0; round < 30; round++)
        {
            var talker = _clients[order[round % 3]];
            var next = _clients[order[(round + 1) % 3]];

            talker.RequestFloor();
            Assert.True(RunUntil(() => talker.View == ClientView.Permitted), $"round {round}: {talker.Id} never got the floor");
            Assert.Equal(talker.Id, _session.Holder);
            Assert.Equal(talker.Id, _gate.Holder);

            next.RequestFloor();
            Assert.True(RunUntil(() => next.Queued), $"round {round}: {next.Id} never heard it was queued");
            Assert.Equal(new[] { next.Id }, _session.GetQueue());

            talker.ReleaseFloor();
            Assert.True(RunUntil(() => next.View == ClientView.Permitted && !talker.Releasing), $"round {round}: hand-over to {next.Id} failed");
            Assert.Equal(next.Id, _gate.Holder);
            Assert.Equal(ClientView.Taken, talker.View);
            Assert.Equal(next.Id, talker.TakenBy);

            next.ReleaseFloor();
            Assert.True(RunUntil(() => _clients.Values.All(c => c.View == ClientView.Idle) && !next.Releasing), $"round {round}: not everyone saw Floor Idle");
            Assert.Equal(GeneralFloorState.Idle, _session.State);
            Assert.Null(_gate.Holder);
        }
        Assert.True(_up.Dropped > 10 && _down.Dropped > 10, $"the links must actually have lost traffic (up {_up.Dropped}, down {_down.Dropped})");
        Assert.All(_clients.Values, c => Assert.Equal(0, c.Denied));
        Assert.Equal(60, _server.Metrics.Grants.Value);
        // Loss-free, 30 rounds need 60 Granted and 3 x 31 Idle; anything above is recovery traffic.
        long grantedAndIdle = _server.Metrics.MessagesOut(Mcptt.Floor.Wire.FloorMessageType.Granted)
            + _server.Metrics.MessagesOut(Mcptt.Floor.Wire.FloorMessageType.Idle);
        long serverRecovery = grantedAndIdle - (60 + 93);
        int clientRetries = _clients.Values.Sum(c => c.Retries);
        Assert.True(serverRecovery >= 0);
        Assert.True(serverRecovery + clientRetries > 10, $"recovery must have happened (server {serverRecovery}, client {clientRetries})");
    }
}
