using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcptt.Relay.Hosting;

/// <summary>
/// How a running component says "I cannot go on" (a worker thread died, a listener socket failed): the host
/// stops gracefully and the process exits with <see cref="ExitCodes.Failure"/> so a service manager restarts it.
/// Components take this in their constructor; they never call Environment.Exit.
/// </summary>
public sealed partial class FatalErrors(IHostApplicationLifetime lifetime, ILogger<FatalErrors> logger)
{
    private int _failed;

    public bool HasFailed => Volatile.Read(ref _failed) != 0;

    public void Report(string component, Exception exception)
    {
        Interlocked.Exchange(ref _failed, 1);
        ComponentFailed(logger, component, exception);
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Critical, Message = "Component {Component} failed; stopping the appliance")]
    private static partial void ComponentFailed(ILogger logger, string component, Exception exception);
}
