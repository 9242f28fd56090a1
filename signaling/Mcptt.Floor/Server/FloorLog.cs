using Microsoft.Extensions.Logging;

namespace Mcptt.Floor.Server;

/// <summary>Control-plane floor events (a few per talk burst, never per packet). Event ids 3000-3099.</summary>
internal static partial class FloorLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Floor session {Session} started")]
    public static partial void SessionStarted(ILogger logger, string session);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Floor session {Session} stopped")]
    public static partial void SessionStopped(ILogger logger, string session);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Floor session {Session}: floor granted to {Participant} at priority {Priority}")]
    public static partial void Granted(ILogger logger, string session, string participant, int priority);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Floor session {Session}: floor revoked from {Participant}, cause {Cause}")]
    public static partial void Revoked(ILogger logger, string session, string participant, int cause);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Floor session {Session}: floor idle")]
    public static partial void Idle(ILogger logger, string session);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Floor session {Session}: inactivity timer T4 expired")]
    public static partial void Inactivity(ILogger logger, string session);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Floor event handler failed in session {Session}")]
    public static partial void HandlerFailed(ILogger logger, string session, Exception exception);
}
