namespace Mcptt.Media.Tests.Support;

/// <summary>A manual millisecond clock for jitter-buffer tests: time moves only when the test says so.</summary>
internal sealed class FakeClock
{
    public long NowMs { get; private set; }

    public void Advance(long milliseconds) => NowMs += milliseconds;
}
