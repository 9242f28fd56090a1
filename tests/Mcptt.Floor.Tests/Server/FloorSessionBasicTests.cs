using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Tests.Wire;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Server;

public class FloorSessionBasicTests
{
    private static FloorHarness ThreeParticipants(bool queueing = false, FloorSessionOptions? options = null, FloorTimers? timers = null)
    {
        var h = new FloorHarness(options, timers);
        h.Add("A", queueing: queueing);
        h.Add("B", queueing: queueing);
        h.Add("C", queueing: queueing);
        h.Session.Start();
        return h;
    }

    [Fact]
    public void Start_enters_idle_and_tells_everyone()
    {
        var h = ThreeParticipants();
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        foreach (var id in new[] { "A", "B", "C" })
        {
            Assert.Equal(FloorMessageType.Idle, h[id].Last.Type);
            Assert.Equal(ParticipantFloorState.NotPermittedIdle, h.Session.GetParticipantState(id));
        }
        Assert.Null(h.Gate.Holder);
    }

    [Fact]
    public void Request_in_idle_grants_requester_and_tells_the_others_who_talks()
    {
        var h = ThreeParticipants();
        h.ClearAll();
        h.Request("A", priority: 3);

        var granted = h["A"].Last;
        Assert.Equal(FloorMessageType.Granted, granted.Type);
        Assert.Equal((ushort)30, granted.Duration);
        Assert.Equal((byte)3, granted.Priority);
        Assert.Equal(h.Ssrcs["A"], granted.Ssrc);
        Assert.Equal(FloorHarness.ServerSsrc, granted.HeaderSsrc);
        foreach (var other in new[] { "B", "C" })
        {
            var taken = h[other].Last;
            Assert.Equal(FloorMessageType.Taken, taken.Type);
            Assert.Equal("sip:A@example.org", taken.GrantedParty);
            Assert.True(taken.Permission);
            Assert.Equal(h.Session.SequenceNumber, taken.Sequence);
            Assert.Equal(ParticipantFloorState.NotPermittedTaken, h.Session.GetParticipantState(other));
        }
        Assert.Equal("A", h.Gate.Holder);
        Assert.Equal("A", h.Session.Holder);
        Assert.Equal(GeneralFloorState.Taken, h.Session.State);
        Assert.Equal(ParticipantFloorState.Permitted, h.Session.GetParticipantState("A"));
        Assert.Equal(new string?[] { "A" }, h.HolderEvents);
    }

    [Fact]
    public void Granted_bytes_match_the_annotated_vector()
    {
        var h = new FloorHarness(new FloorSessionOptions { ServerSsrc = 0x5EC00001, AcknowledgementsRequired = true });
        h.Session.AddParticipant(new FloorParticipantOptions("A") { UserId = "sip:a@x", Ssrc = 0xAABBCCDD, MaxPriority = 5 }, h.Channels["A"] = new RecordingChannel());
        h.Add("B");
        h.Session.Start();
        h.Session.Receive("A", Messages.Request(0xAABBCCDD, 5));
        Assert.Equal(Hex.Parse(FloorVectors.GrantedAckRequired), h["A"].Raw[^1]);
    }

    [Fact]
    public void Priority_is_capped_by_the_negotiated_maximum_and_defaults_when_absent()
    {
        var h = ThreeParticipants();
        h.Request("A", priority: 200); // A negotiated max 5
        Assert.Equal((byte)5, h["A"].Last.Priority);
        h.Release("A");
        h.Request("B");
        Assert.Equal((byte)1, h["B"].Last.Priority);
    }

    [Fact]
    public void Request_while_taken_without_queueing_is_denied_with_cause_1()
    {
        var h = ThreeParticipants(queueing: false);
        h.Request("A");
        h.Request("B");
        Assert.Equal(FloorMessageType.Deny, h["B"].Last.Type);
        Assert.Equal((ushort)FloorDenyCause.AnotherClientHasPermission, h["B"].Last.RejectCause);
        Assert.Equal("A", h.Gate.Holder);

        h.ClearAll();
        h.Release("A");
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.Null(h.Gate.Holder);
        foreach (var id in new[] { "A", "B", "C" }) Assert.Equal(FloorMessageType.Idle, h[id].Last.Type);
        Assert.Equal(new string?[] { "A", null }, h.HolderEvents);
    }

    [Fact]
    public void Request_while_taken_with_queueing_is_queued_then_granted_on_release()
    {
        var h = ThreeParticipants(queueing: true);
        h.Request("A");
        h.Request("B");
        var info = h["B"].Last;
        Assert.Equal(FloorMessageType.QueuePositionInfo, info.Type);
        Assert.Equal((byte)1, info.QueueInfo!.Value.Position);
        Assert.Equal(new[] { "B" }, h.Session.GetQueue());

        h.Request("C");
        Assert.Equal((byte)2, h["C"].Last.QueueInfo!.Value.Position);

        h.ClearAll();
        h.Release("A");
        Assert.Equal(FloorMessageType.Granted, h["B"].Last.Type);
        Assert.Equal("B", h.Gate.Holder);
        Assert.Equal("sip:B@example.org", h["A"].Last.GrantedParty);
        Assert.Equal("sip:B@example.org", h["C"].Last.GrantedParty);
        Assert.Equal(0, h["A"].Count(FloorMessageType.Idle)); // the floor went straight to the queue head
        Assert.Equal(new[] { "C" }, h.Session.GetQueue());
    }

    [Fact]
    public void Queue_orders_by_priority_then_arrival_and_answers_position_requests()
    {
        var h = new FloorHarness();
        h.Add("A", queueing: true);
        h.Add("B", queueing: true, maxPriority: 2);
        h.Add("C", queueing: true, maxPriority: 2);
        h.Add("D", queueing: true, maxPriority: 3);
        h.Session.Start();
        h.Request("A", 3);          // holder at priority 3: nobody below pre-empts
        h.Request("B", 2);
        h.Request("C", 2);
        h.Request("D", 3);          // same priority as the holder: queued, ahead of B and C
        Assert.Equal(new[] { "D", "B", "C" }, h.Session.GetQueue());

        h.Session.Receive("C", Messages.QueuePositionRequest(h.Ssrcs["C"]));
        Assert.Equal(((byte)3, (byte)2), h["C"].Last.QueueInfo);
        h.Session.Receive("A", Messages.QueuePositionRequest(h.Ssrcs["A"]));
        Assert.Equal(FloorQueuePosition.NotQueued, h["A"].Last.QueueInfo!.Value.Position);
    }

    [Fact]
    public void Full_queue_denies_with_cause_7()
    {
        var h = new FloorHarness(new FloorSessionOptions { MaxQueueSize = 1 });
        h.Add("A", queueing: true);
        h.Add("B", queueing: true);
        h.Add("C", queueing: true);
        h.Session.Start();
        h.Request("A");
        h.Request("B");
        h.Request("C");
        Assert.Equal((ushort)FloorDenyCause.QueueFull, h["C"].Last.RejectCause);
    }

    [Fact]
    public void Release_from_a_queued_participant_cancels_its_request()
    {
        var h = ThreeParticipants(queueing: true);
        h.Request("A");
        h.Request("B");
        h.Release("B");
        Assert.Empty(h.Session.GetQueue());
        Assert.Equal(FloorQueuePosition.NotQueued, h["B"].Last.QueueInfo!.Value.Position);
        h.Release("A");
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
    }

    [Fact]
    public void Only_one_participant_is_denied_with_cause_3()
    {
        var h = new FloorHarness();
        h.Add("A");
        h.Session.Start();
        h.Request("A");
        Assert.Equal(FloorMessageType.Deny, h["A"].Last.Type);
        Assert.Equal((ushort)FloorDenyCause.OnlyOneParticipant, h["A"].Last.RejectCause);
        Assert.Null(h.Gate.Holder);
    }

    [Fact]
    public void Receive_only_member_is_denied_with_cause_5()
    {
        var h = new FloorHarness();
        h.Add("A", receiveOnly: true);
        h.Add("B");
        h.Session.Start();
        h.Request("A");
        Assert.Equal((ushort)FloorDenyCause.ReceiveOnly, h["A"].Last.RejectCause);
    }

    [Fact]
    public void Repeated_request_from_the_holder_repeats_the_grant()
    {
        var h = ThreeParticipants();
        h.Request("A");
        h.Request("A");
        Assert.Equal(2, h["A"].Count(FloorMessageType.Granted));
        Assert.Equal(1, h["B"].Count(FloorMessageType.Taken));
        Assert.Equal(1, h.Server.Metrics.Grants.Value);
    }

    [Fact]
    public void Release_with_ack_required_is_acknowledged()
    {
        var h = ThreeParticipants();
        h.Request("A");
        h.Release("A", ackRequired: true);
        var ack = h["A"].Messages.Single(m => m.Type == FloorMessageType.Ack);
        Assert.Equal((byte)0x14, ack.AcknowledgedSubtype);
        Assert.Equal(FloorSource.ControllingFunction, ack.Source);
    }

    [Fact]
    public void Removing_the_holder_frees_the_floor()
    {
        var h = ThreeParticipants(queueing: true);
        h.Request("A");
        h.Request("B");
        Assert.True(h.Session.RemoveParticipant("A"));
        Assert.Equal("B", h.Gate.Holder);
        Assert.True(h.Session.RemoveParticipant("B"));
        Assert.Null(h.Gate.Holder);
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.False(h.Session.RemoveParticipant("B"));
    }

    [Fact]
    public void Late_joiner_learns_the_current_holder()
    {
        var h = ThreeParticipants();
        h.Request("A");
        h.Add("D");
        Assert.Equal(FloorMessageType.Taken, h["D"].Last.Type);
        Assert.Equal("sip:A@example.org", h["D"].Last.GrantedParty);
        Assert.Equal(ParticipantFloorState.NotPermittedTaken, h.Session.GetParticipantState("D"));
    }

    [Fact]
    public void Implicit_request_at_join_is_granted_when_the_call_starts()
    {
        var h = new FloorHarness();
        Assert.Equal(FloorJoinResult.Granted, h.Add("A", implicitRequest: true));
        Assert.Equal(FloorJoinResult.Queued, h.Add("B", implicitRequest: true));
        Assert.Equal(FloorJoinResult.Joined, h.Add("C"));
        Assert.Equal(GeneralFloorState.Initialising, h.Session.State);
        Assert.Equal(ParticipantFloorState.NotPermittedInitiating, h.Session.GetParticipantState("C"));
        Assert.Empty(h["A"].Messages);

        h.Session.Start();
        Assert.Equal(FloorMessageType.Granted, h["A"].Last.Type);
        Assert.Equal("A", h.Gate.Holder);
        Assert.Equal(FloorMessageType.Taken, h["C"].Last.Type);
    }

    [Fact]
    public void Implicit_request_when_joining_a_running_idle_call_is_granted_at_once()
    {
        var h = ThreeParticipants();
        Assert.Equal(FloorJoinResult.Granted, h.Add("D", implicitRequest: true));
        Assert.Equal("D", h.Gate.Holder);
    }

    [Fact]
    public void Stop_clears_the_holder_and_timers()
    {
        var h = ThreeParticipants();
        h.Request("A");
        Assert.True(h.Time.ActiveTimers > 0);
        h.Session.Stop();
        Assert.Equal(GeneralFloorState.StartStop, h.Session.State);
        Assert.Null(h.Gate.Holder);
        Assert.Equal(0, h.Time.ActiveTimers);
        Assert.Equal(0, h.Server.Metrics.Sessions);
        h.Session.Stop(); // idempotent
        Assert.Throws<InvalidOperationException>(() => h.Add("Z"));
    }

    [Fact]
    public void Duplicate_participant_id_is_a_caller_bug()
    {
        var h = ThreeParticipants();
        Assert.Throws<InvalidOperationException>(() => h.Session.AddParticipant(new FloorParticipantOptions("A"), new RecordingChannel()));
    }
}
