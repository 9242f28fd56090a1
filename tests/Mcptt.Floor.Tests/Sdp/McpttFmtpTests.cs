using Mcptt.Floor.Sdp;

namespace Mcptt.Floor.Tests.Sdp;

public class McpttFmtpTests
{
    [Fact]
    public void Parses_the_published_examples()
    {
        var a = McpttFmtp.Parse("a=fmtp:MCPTT mc_priority=7;mc_granted;mc_implicit_request");
        Assert.True(a.Success, a.Error);
        Assert.Equal((byte)7, a.Value!.Priority);
        Assert.True(a.Value.Granted);
        Assert.True(a.Value.ImplicitRequest);
        Assert.False(a.Value.Queueing);

        var b = McpttFmtp.Parse("MCPTT mc_queueing;mc_priority=5");
        Assert.True(b.Success, b.Error);
        Assert.True(b.Value!.Queueing);
        Assert.Equal((byte)5, b.Value.Priority);
    }

    [Fact]
    public void Parses_every_parameter()
    {
        var r = McpttFmtp.Parse("mc_queueing;mc_priority=255;mc_granted;mc_implicit_request;mc_ssrc=4294967295;mc_no_floor_ctrl");
        Assert.True(r.Success, r.Error);
        Assert.Equal(new McpttFmtp
        {
            Queueing = true, Priority = 255, Granted = true, ImplicitRequest = true, Ssrc = uint.MaxValue, NoFloorControl = true,
        }, r.Value);
    }

    [Theory]
    [InlineData("mc_queueing")]
    [InlineData("mc_priority=1")]
    [InlineData("mc_queueing;mc_priority=200;mc_implicit_request;mc_ssrc=12345")]
    [InlineData("mc_no_floor_ctrl")]
    public void Format_round_trips(string parameters)
    {
        var parsed = McpttFmtp.Parse(parameters);
        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(parameters, parsed.Value!.FormatParameters());
        Assert.Equal("a=fmtp:MCPTT " + parameters, parsed.Value.FormatAttributeLine());
    }

    [Fact]
    public void Three_digit_priorities_are_accepted_despite_the_two_digit_abnf()
    {
        var r = McpttFmtp.Parse("mc_priority=128");
        Assert.True(r.Success, r.Error);
        Assert.Equal((byte)128, r.Value!.Priority);
    }

    [Theory]
    [InlineData("mc_priority=0", "out of range 1..255")]
    [InlineData("mc_priority=256", "out of range 1..255")]
    [InlineData("mc_priority=1000", "1 to 3 digits")]
    [InlineData("mc_priority=-1", "1 to 3 digits")]
    [InlineData("mc_priority=", "1 to 3 digits")]
    [InlineData("mc_priority", "1 to 3 digits, got '(no value)'")]
    [InlineData("mc_priority=5;mc_priority=6", "mc_priority appears twice")]
    [InlineData("mc_ssrc=4294967296", "decimal 32-bit")]
    [InlineData("mc_ssrc=0x10", "decimal 32-bit")]
    [InlineData("mc_queueing=1", "mc_queueing takes no value")]
    [InlineData("mc_granted;mc_granted", "mc_granted appears twice")]
    [InlineData("mc_queueing;;mc_granted", "parameter 2 is empty")]
    [InlineData("mc_queueing;", "parameter 2 is empty")]
    [InlineData("", "empty parameter list")]
    [InlineData("a=fmtp:MCPTT ", "empty parameter list")]
    [InlineData("mc queueing", "malformed")]
    public void Malformed_lists_yield_precise_errors(string text, string expectedFragment)
    {
        var r = McpttFmtp.Parse(text);
        Assert.False(r.Success);
        Assert.Null(r.Value);
        Assert.Contains(expectedFragment, r.Error);
    }

    [Fact]
    public void Unknown_well_formed_parameters_are_ignored()
    {
        var r = McpttFmtp.Parse("mc_queueing;mc_future_thing=3;mc_priority=4");
        Assert.True(r.Success, r.Error);
        Assert.Equal("mc_queueing;mc_priority=4", r.Value!.FormatParameters());
    }

    [Fact]
    public void Oversized_input_is_rejected()
    {
        var r = McpttFmtp.Parse("mc_queueing;" + new string('x', McpttFmtp.MaxLength));
        Assert.False(r.Success);
        Assert.Contains("longer than", r.Error);
    }

    [Fact]
    public void Answer_caps_priority_at_offer_and_policy()
    {
        var offer = new McpttFmtp { Priority = 7 };
        Assert.Equal((byte)5, McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 5, false)).Priority);
        Assert.Equal((byte)7, McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 200, false)).Priority);
        Assert.Null(McpttFmtpNegotiation.Answer(new McpttFmtp(), new McpttAnswerPolicy(false, 200, false)).Priority);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Answer_queueing_only_when_both_support_it(bool offered, bool supported, bool expected)
        => Assert.Equal(expected, McpttFmtpNegotiation.Answer(new McpttFmtp { Queueing = offered }, new McpttAnswerPolicy(supported, 1, false)).Queueing);

    [Fact]
    public void Accepted_implicit_request_carries_mc_ssrc()
    {
        var offer = new McpttFmtp { ImplicitRequest = true, Ssrc = 1111 };
        var kept = McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 1, false));
        Assert.True(kept.ImplicitRequest);
        Assert.Equal(1111u, kept.Ssrc);

        var collision = McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 1, false, Ssrc: 2222));
        Assert.Equal(2222u, collision.Ssrc);

        var declined = McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 1, false, AcceptImplicitRequest: false));
        Assert.False(declined.ImplicitRequest);
        Assert.Null(declined.Ssrc);

        var noSsrc = McpttFmtpNegotiation.Answer(new McpttFmtp { ImplicitRequest = true }, new McpttAnswerPolicy(false, 1, false));
        Assert.False(noSsrc.ImplicitRequest);
        Assert.Null(noSsrc.Ssrc);
    }

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(true, true, false, false)] // floor was not free
    [InlineData(false, true, true, false)] // not offered
    [InlineData(true, false, true, false)] // granted needs an (accepted) implicit request
    public void Answer_mc_granted_only_if_offered_and_granted_at_once(bool offeredGranted, bool implicitRequest, bool grantedNow, bool expected)
    {
        var offer = new McpttFmtp { Granted = offeredGranted, ImplicitRequest = implicitRequest, Ssrc = 5 };
        Assert.Equal(expected, McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 1, grantedNow)).Granted);
    }

    [Fact]
    public void Answer_no_floor_ctrl_only_when_accepted()
    {
        var offer = new McpttFmtp { NoFloorControl = true };
        Assert.False(McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 1, false)).NoFloorControl);
        Assert.True(McpttFmtpNegotiation.Answer(offer, new McpttAnswerPolicy(false, 1, false, AcceptNoFloorControl: true)).NoFloorControl);
    }

    [Fact]
    public void Answer_without_anything_formats_to_no_attribute()
        => Assert.Null(McpttFmtpNegotiation.Answer(new McpttFmtp(), new McpttAnswerPolicy(true, 9, true)).FormatAttributeLine());
}
