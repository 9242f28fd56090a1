using Mcptt.Floor.Sdp;
using Mcptt.Floor.Server;
using Xunit;

namespace Mcptt.Floor.Tests.Sdp;

/// <summary>The server as offerer (invited group members, private-call callees): answers only narrow the offer.</summary>
public class InviteeNegotiationTests
{
    [Theory]
    [InlineData(true, 5, true, (byte)3, true, 3)]    // lower priority answered: taken
    [InlineData(true, 5, true, (byte)9, true, 5)]    // higher than offered: capped
    [InlineData(true, 5, false, null, false, 5)]     // no queueing, no priority in the answer: as offered
    [InlineData(false, null, true, (byte)7, false, 1)] // nothing offered: priority 1, no queueing
    public void Narrow_never_widens_the_offer(bool offerQueueing, int? offerPriority, bool answerQueueing, byte? answerPriority,
        bool expectedQueueing, int expectedPriority)
    {
        var offered = new McpttFmtp { Queueing = offerQueueing, Priority = (byte?)offerPriority };
        var answered = new McpttFmtp { Queueing = answerQueueing, Priority = answerPriority };

        var negotiated = McpttFmtpNegotiation.Narrow(offered, answered);

        Assert.Equal(expectedQueueing, negotiated.Queueing);
        Assert.Equal((byte)expectedPriority, negotiated.Priority);
    }

    [Fact]
    public void An_invitee_without_a_floor_channel_is_legacy_capped_at_the_offered_priority()
    {
        var options = FloorParticipantOptions.ForInvitee("bob", "sip:bob@x", new McpttFmtp { Queueing = true, Priority = 4 }, negotiated: null);

        Assert.True(options.LegacyNoFloorChannel);
        Assert.False(options.Queueing);
        Assert.Equal(4, options.MaxPriority);
        Assert.Equal("sip:bob@x", options.UserId);
    }

    [Fact]
    public void An_invitee_with_a_floor_channel_gets_what_was_negotiated()
    {
        var options = FloorParticipantOptions.ForInvitee("bob", "sip:bob@x", new McpttFmtp { Queueing = true, Priority = 4 },
            new McpttFmtp { Queueing = true, Priority = 2 });

        Assert.False(options.LegacyNoFloorChannel);
        Assert.True(options.Queueing);
        Assert.Equal(2, options.MaxPriority);
    }
}
