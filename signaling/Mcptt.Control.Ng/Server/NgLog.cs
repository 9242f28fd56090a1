using System.Net;
using Microsoft.Extensions.Logging;

namespace Mcptt.Control.Ng.Server;

/// <summary>Stable event ids 4100-4199 belong to the ng control port.</summary>
internal static partial class NgLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "ng control port listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "ng control port stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "ng {Command} from {Client} cookie {Cookie}: {Result}")]
    public static partial void Handled(ILogger logger, string command, EndPoint client, string cookie, string result);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "ng command {Command} failed unexpectedly")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string command);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "ng socket error {Error}; receive loop continues")]
    public static partial void SocketError(ILogger logger, System.Net.Sockets.SocketError error);
}
