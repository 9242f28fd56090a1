using Mcptt.Relay.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Relay.Tests.Hosting;

public sealed class FatalErrorsTests
{
    [Fact]
    public void Report_marks_failure_and_stops_the_host()
    {
        var lifetime = new FakeLifetime();
        var fatal = new FatalErrors(lifetime, NullLogger<FatalErrors>.Instance);
        Assert.False(fatal.HasFailed);

        fatal.Report("relay", new InvalidOperationException("worker died"));

        Assert.True(fatal.HasFailed);
        Assert.Equal(1, lifetime.StopCalls);
    }

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        public int StopCalls { get; private set; }
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => StopCalls++;
    }
}
