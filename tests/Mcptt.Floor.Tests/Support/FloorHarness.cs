using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Floor.Tests.Support;

/// <summary>One session with a manual clock, a recording gate and recording channels.</summary>
public sealed class FloorHarness
{
    public const uint ServerSsrc = 0x5EC0_0001;

    public FloorHarness(FloorSessionOptions? options = null, FloorTimers? timers = null, bool start = false)
    {
        Server = new FloorServer(Registry, Time, timers);
        Session = Server.CreateSession(options ?? new FloorSessionOptions { Label = "test", ServerSsrc = ServerSsrc, AcknowledgementsRequired = false }, Gate);
        Session.HolderChanged += (_, holder) => HolderEvents.Add(holder);
        Session.InactivityTimeout += _ => InactivityEvents++;
        if (start) Session.Start();
    }

    public ManualTimeProvider Time { get; } = new();
    public MetricsRegistry Registry { get; } = new();
    public FloorServer Server { get; }
    public FloorSession Session { get; }
    public RecordingGate Gate { get; } = new();
    public Dictionary<string, RecordingChannel> Channels { get; } = new();
    public Dictionary<string, uint> Ssrcs { get; } = new();
    public List<string?> HolderEvents { get; } = new();
    public int InactivityEvents { get; private set; }

    public RecordingChannel this[string id] => Channels[id];

    public FloorJoinResult Add(string id, bool queueing = false, byte maxPriority = 5, bool? acks = null,
        bool implicitRequest = false, bool receiveOnly = false)
    {
        uint ssrc = (uint)(0x1000 + Ssrcs.Count + 1);
        Ssrcs[id] = ssrc;
        var channel = new RecordingChannel();
        Channels[id] = channel;
        return Session.AddParticipant(new FloorParticipantOptions(id)
        {
            UserId = $"sip:{id}@example.org",
            Ssrc = ssrc,
            Queueing = queueing,
            MaxPriority = maxPriority,
            AcknowledgementsRequired = acks,
            ImplicitRequest = implicitRequest,
            ReceiveOnly = receiveOnly,
        }, channel);
    }

    public void AddLegacy(string id) => Session.AddParticipant(new FloorParticipantOptions(id) { LegacyNoFloorChannel = true, UserId = $"sip:{id}@example.org" }, null);

    public void Request(string id, byte? priority = null) => Session.Receive(id, Messages.Request(Ssrcs[id], priority));

    public void Release(string id, bool ackRequired = false) => Session.Receive(id, Messages.Release(Ssrcs[id], ackRequired));

    public void Ack(string id, byte rawSubtype) => Session.Receive(id, Messages.Ack(Ssrcs[id], rawSubtype));

    public void Advance(double seconds) => Time.Advance(TimeSpan.FromSeconds(seconds));

    public void ClearAll()
    {
        foreach (var c in Channels.Values) c.Clear();
    }
}
