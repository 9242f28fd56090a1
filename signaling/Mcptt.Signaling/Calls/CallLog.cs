using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Calls;

internal static partial class CallLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Call {CallId}: {Caller} -> {Callee}, {Branches} branch(es)")]
    public static partial void Started(ILogger logger, string callId, string caller, string callee, int branches);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Call {CallId} answered")]
    public static partial void Answered(ILogger logger, string callId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Call {CallId} ended: {Reason}")]
    public static partial void Ended(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Call {CallId} rejected: {Status} {Reason}")]
    public static partial void Rejected(ILogger logger, string callId, int status, string reason);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Call {CallId}: relay has no free ports")]
    public static partial void PortsExhausted(ILogger logger, string callId);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information, Message = "Call {CallId}: session modified by {Side}")]
    public static partial void Reinvited(ILogger logger, string callId, string side);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Warning, Message = "Call {CallId}: handler failed")]
    public static partial void HandlerFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Information, Message = "Call {CallId}: floor control by the appliance, callee {CalleeKind}")]
    public static partial void FloorStarted(ILogger logger, string callId, string calleeKind);
}
