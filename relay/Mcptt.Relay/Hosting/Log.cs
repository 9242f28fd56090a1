using Microsoft.Extensions.Logging;

namespace Mcptt.Relay.Hosting;

/// <summary>Host log messages; event ids 1000-1099 belong to the appliance host and never change meaning.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "mcptt-relay {Version} started in {ElapsedMs} ms; listening on {Listeners}")]
    public static partial void Started(ILogger logger, string version, long elapsedMs, string listeners);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Components: {Components}")]
    public static partial void Components(ILogger logger, string components);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Stopped after {UptimeSeconds:F1} s")]
    public static partial void Stopped(ILogger logger, double uptimeSeconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "Demo accounts ({Users}) with password \"secret\" are enabled (Auth:DemoUsers=true); fine on loopback, turn them off before exposing the relay")]
    public static partial void DemoUsersOnLoopback(ILogger logger, string users);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "Demo accounts ({Users}) with password \"secret\" are enabled while Sip:Address is {Address}; set Auth:DemoUsers=false and configure Auth:Users")]
    public static partial void DemoUsersExposed(ILogger logger, string users, string address);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Auth:Enabled is false: any client may register and call")]
    public static partial void AuthDisabled(ILogger logger);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning,
        Message = "Auth:AuthInvites is false: an INVITE is trusted when its From user registered from the INVITE's address; anyone on that host or behind that NAT can call as that user")]
    public static partial void InviteAuthDisabled(ILogger logger);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error,
        Message = "Shutdown did not finish within {Seconds} s; exiting anyway (see which component was abandoned above)")]
    public static partial void ShutdownTimedOut(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Shutdown failed")]
    public static partial void ShutdownFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void EngineFallback(ILogger logger, string reason);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void SchedulingFallback(ILogger logger, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Critical, Message = "Start failed")]
    public static partial void StartFailed(ILogger logger, Exception exception);
}
