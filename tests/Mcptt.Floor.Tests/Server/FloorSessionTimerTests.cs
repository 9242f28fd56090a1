using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Server;

public class FloorSessionTimerTests
{
    private static FloorHarness Started(bool acks = false, FloorSessionOptions? options = null, byte maxB = 5)
    {
        var h = new FloorHarness(options ?? new FloorSessionOptions { ServerSsrc = FloorHarness.ServerSsrc, AcknowledgementsRequired = acks });
        h.Add("A", maxPriority: 1);
        h.Add("B", maxPriority: maxB);
        h.Add("C");
        h.Session.Start();
        return h;
    }

    /// <summary>Keeps the holder's T1 alive while time passes, as a talking client would.</summary>
    private static void TalkFor(FloorHarness h, string id, double seconds)
    {
        for (double t = 0; t < seconds; t += 1)
        {
            h.Session.OnMedia(id);
            h.Advance(Math.Min(1, seconds - t));
        }
    }

    [Fact]
    public void T2_expiry_revokes_with_cause_2_then_idle_after_release()
    {
        var h = Started();
        h.Request("A");
        TalkFor(h, "A", 29.5);
        Assert.Equal(0, h["A"].Count(FloorMessageType.Revoke));
        TalkFor(h, "A", 1);
        var revoke = h["A"].Last;
        Assert.Equal(FloorMessageType.Revoke, revoke.Type);
        Assert.Equal((ushort)FloorRevokeCause.MediaBurstTooLong, revoke.RejectCause);
        Assert.Equal(GeneralFloorState.PendingRevoke, h.Session.State);
        Assert.Equal(ParticipantFloorState.PendingRevoke, h.Session.GetParticipantState("A"));
        Assert.Equal("A", h.Gate.Holder); // media still flows during the T3 grace

        h.Release("A");
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.Null(h.Gate.Holder);
        Assert.Equal(FloorMessageType.Idle, h["B"].Last.Type);
        Assert.Equal(1, h.Server.Metrics.Revokes.Value);
    }

    [Fact]
    public void T3_expiry_without_release_idles_and_T8_repeats_the_revoke()
    {
        var h = Started();
        h.Request("A");
        TalkFor(h, "A", 30);
        Assert.Equal(GeneralFloorState.PendingRevoke, h.Session.State);
        h.Advance(2.5); // T8 = 1 s: two repeats inside the 3 s grace
        Assert.Equal(3, h["A"].Count(FloorMessageType.Revoke));
        h.Advance(0.6);
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.Null(h.Gate.Holder);
        h.Advance(5);
        Assert.Equal(3, h["A"].Count(FloorMessageType.Revoke));
    }

    [Fact]
    public void Granted_duration_reports_the_T2_time_left()
    {
        var h = Started(options: new FloorSessionOptions { Timers = new FloorTimers { T2StopTalking = TimeSpan.FromSeconds(20) } });
        h.Request("A");
        Assert.Equal((ushort)20, h["A"].Last.Duration);
        h.Advance(3.2);
        h.Request("A"); // lost-grant retry: the repeat carries what is left
        Assert.Equal((ushort)17, h["A"].Last.Duration);
    }

    [Fact]
    public void Higher_priority_request_preempts_the_holder()
    {
        var h = Started(maxB: 10);
        h.Request("A");            // priority 1
        h.Request("B", priority: 9);
        var revoke = h["A"].Last;
        Assert.Equal(FloorMessageType.Revoke, revoke.Type);
        Assert.Equal((ushort)FloorRevokeCause.MediaBurstPreempted, revoke.RejectCause);
        Assert.Equal(GeneralFloorState.PendingRevoke, h.Session.State);
        Assert.Equal(new[] { "B" }, h.Session.GetQueue());

        h.Release("A");
        Assert.Equal(FloorMessageType.Granted, h["B"].Last.Type);
        Assert.Equal((byte)9, h["B"].Last.Priority);
        Assert.Equal("B", h.Gate.Holder);
        Assert.Equal("sip:B@example.org", h["A"].Last.GrantedParty);
        Assert.Equal(1, h.Server.Metrics.Revokes.Value);
    }

    [Fact]
    public void Preemptor_repeating_its_request_during_the_revoke_is_not_denied()
    {
        var h = Started(maxB: 10);
        h.Request("A");
        h.Request("B", priority: 9);
        h.Request("B", priority: 9); // B (no queueing) retries while A is being revoked
        Assert.Equal(0, h["B"].Count(FloorMessageType.Deny));
        Assert.Equal(0, h["B"].Count(FloorMessageType.QueuePositionInfo));
        h.Release("A");
        Assert.Equal("B", h.Gate.Holder);
    }

    [Fact]
    public void Preemptor_is_granted_when_the_holder_ignores_the_revoke()
    {
        var h = Started(maxB: 10);
        h.Request("A");
        h.Request("B", priority: 9);
        h.Advance(3);
        Assert.Equal("B", h.Gate.Holder);
        Assert.Equal(new string?[] { "A", "B" }, h.HolderEvents);
    }

    [Fact]
    public void Priority_below_the_preemption_threshold_does_not_preempt()
    {
        var h = Started(maxB: 10, options: new FloorSessionOptions { PreemptionThreshold = 200 });
        h.Request("A");
        h.Request("B", priority: 9);
        Assert.Equal(FloorMessageType.Deny, h["B"].Last.Type);
        Assert.Equal("A", h.Gate.Holder);
        Assert.Equal(GeneralFloorState.Taken, h.Session.State);
    }

    [Fact]
    public void Granted_is_retransmitted_on_T20_until_acknowledged()
    {
        var h = Started(acks: true);
        h.Request("A");
        Assert.Equal(0x11, h["A"].Last.RawSubtype);
        h.Advance(1);
        Assert.Equal(2, h["A"].Count(FloorMessageType.Granted));
        h.Ack("A", 0x11);
        h.Advance(3);
        Assert.Equal(2, h["A"].Count(FloorMessageType.Granted));
    }

    [Fact]
    public void Granted_retransmission_stops_after_C20_and_on_media()
    {
        var h = Started(acks: true, options: new FloorSessionOptions
        {
            AcknowledgementsRequired = true,
            Timers = new FloorTimers { C20FloorGranted = 2, T1EndOfRtpMedia = TimeSpan.FromSeconds(60) },
        });
        h.Request("A");
        h.Advance(10);
        Assert.Equal(1 + 2, h["A"].Count(FloorMessageType.Granted));

        h.Release("A");
        h.Request("B");
        h.Session.OnMedia("B"); // media proves B heard the grant
        h.Advance(5);
        Assert.Equal(1, h["B"].Count(FloorMessageType.Granted));
    }

    [Fact]
    public void Idle_is_retransmitted_on_T7_to_participants_that_have_not_acknowledged()
    {
        var h = Started(acks: true);
        Assert.All(new[] { "A", "B", "C" }, id => Assert.Equal(0x15, h[id].Last.RawSubtype));
        h.Ack("A", 0x15);
        h.Ack("B", 0x15);
        h.Advance(1);
        Assert.Equal(1, h["A"].Count(FloorMessageType.Idle));
        Assert.Equal(2, h["C"].Count(FloorMessageType.Idle));
        h.Ack("C", 0x15);
        h.Advance(5);
        Assert.Equal(2, h["C"].Count(FloorMessageType.Idle));
    }

    [Fact]
    public void Idle_retransmission_is_bounded_by_C7()
    {
        var h = Started(acks: true);
        h.Advance(20);
        Assert.Equal(1 + new FloorTimers().C7FloorIdle, h["C"].Count(FloorMessageType.Idle));
        Assert.All(h["C"].Messages.Where(m => m.Type == FloorMessageType.Idle), m => Assert.Equal(h.Session.SequenceNumber, m.Sequence));
    }

    [Fact]
    public void T1_expiry_releases_a_silent_holder_without_revoke()
    {
        var h = Started();
        h.Request("A");
        h.Advance(3.9);
        Assert.Equal("A", h.Gate.Holder);
        h.Advance(0.2);
        Assert.Null(h.Gate.Holder);
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.Equal(0, h["A"].Count(FloorMessageType.Revoke));
    }

    [Fact]
    public void T4_inactivity_asks_call_control_to_end_the_call_once()
    {
        var h = Started();
        h.Advance(29);
        Assert.Equal(0, h.InactivityEvents);
        h.Advance(2);
        Assert.Equal(1, h.InactivityEvents);
        h.Advance(60);
        Assert.Equal(1, h.InactivityEvents);
    }

    [Fact]
    public void Talking_stops_T4()
    {
        var h = Started();
        h.Advance(20);
        h.Request("A");
        TalkFor(h, "A", 15);
        h.Release("A");
        h.Advance(29);
        Assert.Equal(0, h.InactivityEvents);
        h.Advance(1.5);
        Assert.Equal(1, h.InactivityEvents);
    }

    [Fact]
    public void Stale_timer_callbacks_after_restart_are_ignored()
    {
        var h = Started();
        h.Request("A");
        for (int i = 0; i < 20; i++)
        {
            h.Advance(0.5);
            h.Session.OnMedia("A"); // restarts T1 over and over
        }
        Assert.Equal("A", h.Gate.Holder);
        Assert.True(h.Time.ActiveTimers <= 3, $"restarted timers must not pile up ({h.Time.ActiveTimers})");
    }
}
