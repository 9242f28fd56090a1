using Mcptt.Floor.Binding;
using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Wire;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Floor.Tests.Binding;

public class RelayFloorBindingTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeRelayControl _relay = new();
    private readonly FloorServer _server;
    private readonly RelayFloorBinding _binding;
    private readonly BridgeHandle _bridge = new(7);

    public RelayFloorBindingTests()
    {
        _server = new FloorServer(new MetricsRegistry(), _time);
        _binding = new RelayFloorBinding(_relay, _server, TimeSpan.FromMilliseconds(250));
    }

    private List<Decoded> SentTo(LegHandle leg) => _relay.Sent.Where(s => s.Leg == leg).Select(s => Decoded.From(s.Datagram)).ToList();

    [Fact]
    public void Floor_messages_flow_through_the_relay_and_the_holder_gates_the_bridge()
    {
        var session = _binding.CreateSession(_bridge, new FloorSessionOptions { AcknowledgementsRequired = false });
        var (mediaA, floorA) = (_relay.NewLeg(), _relay.NewLeg());
        var (mediaB, floorB) = (_relay.NewLeg(), _relay.NewLeg());
        _binding.AddParticipant(session, new FloorParticipantOptions("A") { UserId = "sip:a@x", Ssrc = 0xA }, mediaA, floorA);
        _binding.AddParticipant(session, new FloorParticipantOptions("B") { UserId = "sip:b@x", Ssrc = 0xB }, mediaB, floorB);
        session.Start();

        _relay.Divert(floorA, Messages.Request(0xA));

        Assert.Equal(FloorMessageType.Granted, SentTo(floorA)[^1].Type);
        Assert.All(_relay.Sent, s => Assert.False(s.Rtcp)); // the m=application port is a single-port leg
        Assert.Equal("sip:a@x", SentTo(floorB)[^1].GrantedParty);
        Assert.Equal((_bridge, (LegHandle?)mediaA), _relay.HolderCalls[^1]);

        _relay.Divert(floorA, Messages.Release(0xA));
        Assert.Equal((_bridge, (LegHandle?)null), _relay.HolderCalls[^1]);
    }

    [Fact]
    public void Without_a_floor_leg_messages_use_the_media_legs_rtcp_port()
    {
        var session = _binding.CreateSession(_bridge, new FloorSessionOptions());
        var mediaA = _relay.NewLeg();
        var mediaB = _relay.NewLeg();
        _binding.AddParticipant(session, new FloorParticipantOptions("A") { Ssrc = 0xA }, mediaA);
        _binding.AddParticipant(session, new FloorParticipantOptions("B") { Ssrc = 0xB }, mediaB);
        session.Start();
        _relay.Divert(mediaA, Messages.Request(0xA)); // MCPT APP diverted from the RTCP port
        var granted = _relay.Sent.Last(s => s.Leg == mediaA);
        Assert.True(granted.Rtcp);
        Assert.Equal(FloorMessageType.Granted, Decoded.From(granted.Datagram).Type);
    }

    [Fact]
    public void Datagrams_on_unknown_legs_are_counted_as_non_member()
    {
        _binding.CreateSession(_bridge, new FloorSessionOptions());
        _relay.Divert(_relay.NewLeg(), Messages.Request(0x1));
        Assert.Equal(1, _server.Metrics.Dropped(FloorDropReason.NonMember));
    }

    [Fact]
    public void Rtp_activity_polled_from_leg_stats_drives_legacy_requests_and_T1()
    {
        var session = _binding.CreateSession(_bridge, new FloorSessionOptions());
        var legacyMedia = _relay.NewLeg();
        var (mediaA, floorA) = (_relay.NewLeg(), _relay.NewLeg());
        _binding.AddParticipant(session, new FloorParticipantOptions("L") { LegacyNoFloorChannel = true }, legacyMedia);
        _binding.AddParticipant(session, new FloorParticipantOptions("A"), mediaA, floorA);
        session.Start();

        _relay.LastRtp[legacyMedia.Id] = 1000;
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal("L", session.Holder);
        Assert.Equal((_bridge, (LegHandle?)legacyMedia), _relay.HolderCalls[^1]);

        for (int i = 0; i < 20; i++) // 5 s of talk: the timestamp keeps moving, T1 keeps restarting
        {
            _relay.LastRtp[legacyMedia.Id] += 100;
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.Equal("L", session.Holder);

        _time.Advance(TimeSpan.FromSeconds(4.5)); // silence
        Assert.Null(session.Holder);
        Assert.Equal((_bridge, (LegHandle?)null), _relay.HolderCalls[^1]);
    }

    [Fact]
    public void A_legacy_phones_silence_neither_requests_the_floor_nor_keeps_T1_running()
    {
        var session = _binding.CreateSession(_bridge, new FloorSessionOptions());
        var legacyMedia = _relay.NewLeg();
        var (mediaA, floorA) = (_relay.NewLeg(), _relay.NewLeg());
        _binding.AddParticipant(session, new FloorParticipantOptions("L") { LegacyNoFloorChannel = true }, legacyMedia);
        _binding.AddParticipant(session, new FloorParticipantOptions("A"), mediaA, floorA);
        session.Start();

        // Muted: RTP keeps flowing (digital silence), no voice.
        _relay.LastVoice[legacyMedia.Id] = 0;
        _relay.LastRtp[legacyMedia.Id] = 1000;
        for (int i = 0; i < 8; i++)
        {
            _relay.LastRtp[legacyMedia.Id] += 100;
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.Null(session.Holder);

        // Talks: voice moves, the floor is taken.
        _relay.LastRtp[legacyMedia.Id] += 100;
        _relay.LastVoice[legacyMedia.Id] = _relay.LastRtp[legacyMedia.Id];
        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal("L", session.Holder);

        // Mutes again: silence for longer than T1 (4 s) releases although RTP never stopped.
        for (int i = 0; i < 18; i++)
        {
            _relay.LastRtp[legacyMedia.Id] += 100;
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.Null(session.Holder);
        Assert.Equal((_bridge, (LegHandle?)null), _relay.HolderCalls[^1]);
    }

    [Fact]
    public void Removing_and_destroying_unroutes_legs()
    {
        var session = _binding.CreateSession(_bridge, new FloorSessionOptions());
        var (mediaA, floorA) = (_relay.NewLeg(), _relay.NewLeg());
        var (mediaB, floorB) = (_relay.NewLeg(), _relay.NewLeg());
        _binding.AddParticipant(session, new FloorParticipantOptions("A"), mediaA, floorA);
        _binding.AddParticipant(session, new FloorParticipantOptions("B"), mediaB, floorB);
        session.Start();
        Assert.True(_binding.RemoveParticipant(session, "A"));
        _relay.Divert(floorA, Messages.Request(0x1));
        Assert.Equal(1, _server.Metrics.Dropped(FloorDropReason.NonMember));

        _binding.DestroySession(session);
        Assert.Equal(GeneralFloorState.StartStop, session.State);
        _relay.Divert(floorB, Messages.Request(0x2));
        Assert.Equal(2, _server.Metrics.Dropped(FloorDropReason.NonMember));
    }

    [Fact]
    public void Dispose_unsubscribes_from_the_relay()
    {
        Assert.Equal(1, _relay.DivertedSubscribers);
        _binding.Dispose();
        Assert.Equal(0, _relay.DivertedSubscribers);
    }
}
