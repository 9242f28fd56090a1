using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Server;

/// <summary>Participants without a floor channel (e.g. baresip): talking is the request, silence the release.</summary>
public class FloorLegacyParticipantTests
{
    private static FloorHarness WithLegacy()
    {
        var h = new FloorHarness();
        h.AddLegacy("L");
        h.Add("A");
        h.Add("B");
        h.Session.Start();
        h.ClearAll();
        return h;
    }

    [Fact]
    public void Media_from_a_legacy_participant_takes_the_idle_floor_and_T1_releases_it()
    {
        var h = WithLegacy();
        h.Session.OnMedia("L");
        Assert.Equal("L", h.Gate.Holder);
        Assert.Equal(FloorMessageType.Taken, h["A"].Last.Type);
        Assert.Equal("sip:L@example.org", h["A"].Last.GrantedParty);
        Assert.Equal(ParticipantFloorState.Permitted, h.Session.GetParticipantState("L"));

        h.Advance(3);
        h.Session.OnMedia("L");  // still talking: T1 restarts
        h.Advance(3);
        Assert.Equal("L", h.Gate.Holder);

        h.Advance(1.1);          // 4 s of silence
        Assert.Null(h.Gate.Holder);
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.Equal(FloorMessageType.Idle, h["A"].Last.Type);
        Assert.Equal(FloorMessageType.Idle, h["B"].Last.Type);
    }

    [Fact]
    public void Legacy_media_while_someone_else_talks_changes_nothing()
    {
        var h = WithLegacy();
        h.Request("A");
        h.Session.OnMedia("L");
        Assert.Equal("A", h.Gate.Holder);
        Assert.Empty(h.Session.GetQueue());
        Assert.Equal(ParticipantFloorState.NotPermittedTaken, h.Session.GetParticipantState("L"));
    }

    [Fact]
    public void Floor_channel_client_can_take_the_floor_after_a_legacy_talker()
    {
        var h = WithLegacy();
        h.Session.OnMedia("L");
        h.Request("A");
        Assert.Equal(FloorMessageType.Deny, h["A"].Last.Type);
        h.Advance(4.5);
        h.Request("A");
        Assert.Equal("A", h.Gate.Holder);
    }

    [Fact]
    public void Legacy_holder_is_preempted_without_messages()
    {
        var h = new FloorHarness();
        h.AddLegacy("L");
        h.Add("A", maxPriority: 9);
        h.Session.Start();
        h.Session.OnMedia("L");
        h.Request("A", 9);
        Assert.Equal(GeneralFloorState.PendingRevoke, h.Session.State);
        h.Advance(3);
        Assert.Equal("A", h.Gate.Holder);
    }

    [Fact]
    public void Unpermitted_media_from_a_floor_client_is_revoked_when_enabled()
    {
        var h = new FloorHarness(new FloorSessionOptions { RevokeUnpermittedMedia = true });
        h.Add("A");
        h.Add("B");
        h.Session.Start();
        h.Request("A");
        h.Session.OnMedia("B");
        Assert.Equal(FloorMessageType.Revoke, h["B"].Last.Type);
        Assert.Equal((ushort)FloorRevokeCause.NoPermissionToSendMedia, h["B"].Last.RejectCause);
        Assert.Equal(ParticipantFloorState.NotPermittedSendsMedia, h.Session.GetParticipantState("B"));
        h.Session.OnMedia("B");
        Assert.Equal(1, h["B"].Count(FloorMessageType.Revoke));
        h.Release("B");
        Assert.Equal(ParticipantFloorState.NotPermittedTaken, h.Session.GetParticipantState("B"));
        Assert.Equal("A", h.Gate.Holder);
    }

    [Fact]
    public void Legacy_flag_and_channel_must_agree()
    {
        var h = new FloorHarness();
        Assert.Throws<ArgumentException>(() => h.Session.AddParticipant(new FloorParticipantOptions("X") { LegacyNoFloorChannel = true }, new RecordingChannel()));
        Assert.Throws<ArgumentException>(() => h.Session.AddParticipant(new FloorParticipantOptions("Y"), null));
    }
}
