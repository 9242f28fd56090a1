using Mcptt.Client.Scripting;

namespace Mcptt.Client.Tests;

public class ScriptParserTests
{
    [Fact]
    public void The_documented_example_parses_step_by_step()
    {
        IReadOnlyList<ScriptStep> steps = ScriptParser.Parse(
            "wait-registered; call sip:g@x; wait-connected; request; wait granted 5s; talk 2s; release; wait idle 5s; hangup");

        Assert.Equal(9, steps.Count);
        Assert.Equal(ScriptCommand.Wait, steps[0].Command);
        Assert.Equal(WaitEvent.Registered, steps[0].Event);
        Assert.Equal(ScriptParser.DefaultWaitTimeout, steps[0].Duration);
        Assert.Equal("sip:g@x", steps[1].Argument);
        Assert.Null(steps[3].Number);
        Assert.Equal(WaitEvent.Granted, steps[4].Event);
        Assert.Equal(TimeSpan.FromSeconds(5), steps[4].Duration);
        Assert.Equal(ScriptCommand.Talk, steps[5].Command);
        Assert.Equal(TimeSpan.FromSeconds(2), steps[5].Duration);
        Assert.Equal(ScriptCommand.Hangup, steps[8].Command);
        Assert.Equal(9, steps[8].Index);
    }

    [Fact]
    public void Newlines_comments_and_arguments()
    {
        IReadOnlyList<ScriptStep> steps = ScriptParser.Parse("""
            request 7   # with priority
            wait taken alice 1500ms
            wait deny 1 3s; wait queue-info 2
            sleep 0.5; expect-rtp 40; queue
            talk 1s force; answer
            """);

        Assert.Equal(9, steps.Count);
        Assert.Equal(("force", ScriptCommand.Talk), (steps[7].Argument, steps[7].Command));
        Assert.Equal(ScriptCommand.Answer, steps[8].Command);
        Assert.Equal(7, steps[0].Number);
        Assert.Equal("alice", steps[1].Argument);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), steps[1].Duration);
        Assert.Equal((WaitEvent.Deny, 1), (steps[2].Event, steps[2].Number!.Value));
        Assert.Equal((WaitEvent.QueueInfo, 2), (steps[3].Event, steps[3].Number!.Value));
        Assert.Equal(TimeSpan.FromMilliseconds(500), steps[4].Duration);
        Assert.Equal(40, steps[5].Number);
        Assert.Equal(ScriptCommand.QueuePosition, steps[6].Command);
    }

    [Theory]
    [InlineData("fly away", "step 1 'fly away': unknown command")]
    [InlineData("register; call", "step 2 'call'")]
    [InlineData("request 300", "300")]
    [InlineData("talk forever", "forever")]
    [InlineData("wait sunshine", "sunshine")]
    [InlineData("wait granted 5", "unit")]
    [InlineData("release now", "takes no arguments")]
    [InlineData("talk 2s loudly", "force")]
    public void Errors_name_the_step(string script, string expectedFragment)
    {
        var error = Assert.Throws<ScriptParseException>(() => ScriptParser.Parse(script));
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_scripts_are_refused()
    {
        Assert.Throws<ScriptParseException>(() => ScriptParser.Parse(string.Concat(Enumerable.Repeat("queue;", ScriptParser.MaxSteps + 1))));
        Assert.Throws<ScriptParseException>(() => ScriptParser.Parse(new string(' ', ScriptParser.MaxScriptLength + 1)));
    }

    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5", 1500)]
    [InlineData("1m", 60000)]
    public void Durations(string text, int ms)
    {
        Assert.True(ScriptParser.TryParseDuration(text, out TimeSpan d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
    }
}
