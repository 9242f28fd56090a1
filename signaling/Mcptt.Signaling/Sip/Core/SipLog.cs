using System.Net;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>SIP core log events (ids 2000-2099). Per-message anomalies are counted, not logged, except at Debug.</summary>
internal static partial class SipLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "SIP {Transport} listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string transport, IPEndPoint endPoint);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "SIP {Transport} listener on {EndPoint} stopped")]
    public static partial void Stopped(ILogger logger, string transport, IPEndPoint endPoint);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "SIP {Transport} receive error on {EndPoint}")]
    public static partial void ReceiveError(ILogger logger, string transport, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "SIP {Transport} send to {Remote} failed: {Reason}")]
    public static partial void SendFailed(ILogger logger, string transport, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "SIP parse error from {Remote}: {Status} {Reason}")]
    public static partial void ParseError(ILogger logger, IPEndPoint remote, int status, string? reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "SIP TCP connection {ConnectionId} from {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "SIP TCP connection limit {Limit} reached; refusing {Remote}")]
    public static partial void ConnectionLimit(ILogger logger, int limit, IPEndPoint remote);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "SIP request handler threw for {Method} {CallId}")]
    public static partial void HandlerFailed(ILogger logger, string method, string? callId, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "SIP core failed processing a message from {Remote}")]
    public static partial void ProcessingFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "SIP message dropped ({Reason}) from {Remote}")]
    public static partial void Dropped(ILogger logger, string reason, IPEndPoint remote);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "SIP client transaction {Method} {Branch} timed out")]
    public static partial void ClientTimeout(ILogger logger, string method, string branch);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "SIP TCP connect to {Remote} failed")]
    public static partial void ConnectFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "SIP response callback threw for {Method} {Branch}")]
    public static partial void ResponseCallbackFailed(ILogger logger, string method, string branch, Exception exception);
}
