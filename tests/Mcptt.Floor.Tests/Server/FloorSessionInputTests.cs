using Mcptt.Floor.Server;
using Mcptt.Floor.Tests.Support;
using Mcptt.Floor.Tests.Wire;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Server;

/// <summary>Hostile or odd input: counted, state kept, no exception.</summary>
public class FloorSessionInputTests
{
    private static FloorHarness Talking()
    {
        var h = new FloorHarness();
        h.Add("A");
        h.Add("B");
        h.Add("C");
        h.Session.Start();
        h.Request("A");
        h.ClearAll();
        return h;
    }

    [Fact]
    public void Unknown_subtypes_are_counted_and_dropped()
    {
        var h = Talking();
        h.Session.Receive("B", Hex.Parse("87 CC 00 02 00 00 10 02 4D 43 50 54"));
        h.Session.Receive("B", Hex.Parse("8F CC 00 02 00 00 10 02 4D 43 50 54"));
        Assert.Equal(2, h.Server.Metrics.Dropped(FloorDropReason.UnknownSubtype));
        Assert.Equal(2, h.Server.Metrics.MessagesIn((FloorMessageType)7));
        Assert.Empty(h["B"].Messages);
        Assert.Equal("A", h.Gate.Holder);
    }

    [Fact]
    public void Lying_lengths_and_truncation_are_counted_as_malformed()
    {
        var h = Talking();
        h.Session.Receive("B", Hex.Parse("80 CC 00 30 00 00 10 02 4D 43 50 54")); // RTCP length lies
        h.Session.Receive("B", Hex.Parse("80 CC 00 03 00 00 10 02 4D 43 50 54 06 40 73 69")); // TLV past end
        h.Session.Receive("B", Hex.Parse("80 CC"));
        h.Session.Receive("B", ReadOnlySpan<byte>.Empty);
        Assert.Equal(3, h.Server.Metrics.Dropped(FloorDropReason.Malformed));
        Assert.Equal(GeneralFloorState.Taken, h.Session.State);
        Assert.Empty(h["B"].Messages);
    }

    [Fact]
    public void Foreign_rtcp_is_dropped_as_not_mcpt()
    {
        var h = Talking();
        h.Session.Receive("B", Hex.Parse("80 C9 00 01 00 00 10 02")); // RR
        h.Session.Receive("B", Hex.Parse("80 CC 00 02 00 00 10 02 4D 43 50 43")); // APP "MCPC"
        Assert.Equal(2, h.Server.Metrics.Dropped(FloorDropReason.NotMcpt));
    }

    [Fact]
    public void Release_from_a_non_holder_is_counted_and_answered_with_the_current_state()
    {
        var h = Talking();
        h.Release("B");
        Assert.Equal(1, h.Server.Metrics.Dropped(FloorDropReason.NotHolder));
        Assert.Equal("A", h.Gate.Holder);
        Assert.Equal(FloorMessageType.Taken, h["B"].Last.Type);
        Assert.Equal("sip:A@example.org", h["B"].Last.GrantedParty);
    }

    [Fact]
    public void Request_from_a_non_member_is_counted_and_dropped()
    {
        var h = Talking();
        h.Session.Receive("intruder", Messages.Request(0xDEAD));
        h.Session.ReceiveBySsrc(Messages.Request(0xDEAD));
        Assert.Equal(2, h.Server.Metrics.Dropped(FloorDropReason.NonMember));
        Assert.Equal("A", h.Gate.Holder);
        Assert.All(h.Channels.Values, c => Assert.Empty(c.Messages));
    }

    [Fact]
    public void Messages_can_be_routed_by_header_ssrc()
    {
        var h = new FloorHarness();
        h.Add("A");
        h.Add("B");
        h.Session.Start();
        h.Session.ReceiveBySsrc(Messages.Request(h.Ssrcs["B"]));
        Assert.Equal("B", h.Gate.Holder);
    }

    [Fact]
    public void Server_messages_sent_to_the_server_have_no_procedure()
    {
        var h = Talking();
        h.Session.Receive("B", Hex.Parse(FloorVectors.Taken));
        Assert.Equal(1, h.Server.Metrics.Dropped(FloorDropReason.Unexpected));
        Assert.Equal(1, h.Server.Metrics.MessagesIn(FloorMessageType.Taken));
        Assert.Equal("A", h.Gate.Holder);
    }

    [Fact]
    public void Ack_without_message_type_is_malformed()
    {
        var h = Talking();
        var buffer = new byte[64];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Ack, false, h.Ssrcs["B"]);
        h.Session.Receive("B", buffer.AsSpan(0, w.Finish()));
        Assert.Equal(1, h.Server.Metrics.Dropped(FloorDropReason.Malformed));
    }

    [Fact]
    public void Several_messages_in_one_datagram_are_all_processed()
    {
        var h = new FloorHarness();
        h.Add("A");
        h.Add("B");
        h.Session.Start();
        var datagram = Messages.Request(h.Ssrcs["A"]).Concat(Messages.Release(h.Ssrcs["A"])).ToArray();
        h.Session.Receive("A", datagram);
        Assert.Equal(1, h["A"].Count(FloorMessageType.Granted));
        Assert.Equal(GeneralFloorState.Idle, h.Session.State);
        Assert.Equal(new string?[] { "A", null }, h.HolderEvents);
    }

    [Fact]
    public void Random_datagrams_never_break_the_session()
    {
        var h = Talking();
        var rng = new Random(380);
        for (int i = 0; i < 5000; i++)
        {
            var data = new byte[rng.Next(0, 64)];
            rng.NextBytes(data);
            if (data.Length > 1) { data[0] = (byte)(0x80 | (data[0] & 0x1F)); data[1] = 0xCC; }
            if (data.Length > 11) { data[8] = 0x4D; data[9] = 0x43; data[10] = 0x50; data[11] = 0x54; }
            h.Session.Receive(rng.Next(2) == 0 ? "B" : "C", data);
        }
        // Whatever arrived, the session is in a coherent state and still works.
        Assert.True(h.Session.State is GeneralFloorState.Taken or GeneralFloorState.PendingRevoke or GeneralFloorState.Idle);
        Assert.Equal(h.Session.Holder, h.Gate.Holder);
        for (int i = 0; i < 10 && h.Session.Holder is { } holder; i++) h.Release(holder); // drain any queue the noise built
        Assert.Null(h.Session.Holder);
        h.Request("C");
        Assert.Equal("C", h.Gate.Holder);
    }

    [Fact]
    public void Metrics_render_with_expected_series()
    {
        var h = Talking();
        h.Release("A");
        var text = h.Registry.Render();
        Assert.Contains("mcptt_floor_messages_total{dir=\"in\",type=\"request\"} 1", text);
        Assert.Contains("mcptt_floor_messages_total{dir=\"in\",type=\"release\"} 1", text);
        Assert.Contains("mcptt_floor_messages_total{dir=\"out\",type=\"granted\"} 1", text);
        Assert.Contains("mcptt_floor_messages_total{dir=\"out\",type=\"taken\"} 2", text);
        Assert.Contains("mcptt_floor_grants_total 1", text);
        Assert.Contains("mcptt_floor_sessions 1", text);
        Assert.Contains("mcptt_floor_dropped_total{reason=\"non_member\"} 0", text);
        Assert.Contains("mcptt_floor_revokes_total 0", text);
    }
}
