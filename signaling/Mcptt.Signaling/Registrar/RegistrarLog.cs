using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Registrar;

internal static partial class RegistrarLog
{
    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Registered {User} contact {Contact} via {Flow} for {Expires}s")]
    public static partial void Registered(ILogger logger, string user, string contact, SipFlow flow, int expires);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Information, Message = "Unregistered {User} contact {Contact}")]
    public static partial void Unregistered(ILogger logger, string user, string contact);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Debug, Message = "REGISTER from {Flow} rejected: {Status} {Reason}")]
    public static partial void Rejected(ILogger logger, SipFlow flow, int status, string reason);

    [LoggerMessage(EventId = 4404, Level = LogLevel.Debug, Message = "Expired {Count} bindings")]
    public static partial void Expired(ILogger logger, int count);
}
