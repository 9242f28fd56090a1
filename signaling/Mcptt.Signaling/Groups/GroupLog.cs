using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Groups;

internal static partial class GroupLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Group call {Session} started by {User}, inviting {Invited} member(s)")]
    public static partial void Started(ILogger logger, string session, string user, int invited);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Group call {Session}: {User} joined ({Kind})")]
    public static partial void Joined(ILogger logger, string session, string user, string kind);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Group call {Session}: {User} left ({Reason})")]
    public static partial void Left(ILogger logger, string session, string user, string reason);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Group call {Session} ended: {Reason}")]
    public static partial void Ended(ILogger logger, string session, string reason);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "Group INVITE {CallId} rejected: {Status} {Reason}")]
    public static partial void Rejected(ILogger logger, string callId, int status, string reason);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Warning, Message = "Group call {Session}: handler failed")]
    public static partial void HandlerFailed(ILogger logger, string session, Exception exception);
}
