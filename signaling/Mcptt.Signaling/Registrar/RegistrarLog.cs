using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Registrar;

internal static partial class RegistrarLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Registered {User} contact {Contact} via {Flow} for {Expires}s")]
    public static partial void Registered(ILogger logger, string user, string contact, SipFlow flow, int expires);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Unregistered {User} contact {Contact}")]
    public static partial void Unregistered(ILogger logger, string user, string contact);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "REGISTER from {Flow} rejected: {Status} {Reason}")]
    public static partial void Rejected(ILogger logger, SipFlow flow, int status, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Expired {Count} bindings")]
    public static partial void Expired(ILogger logger, int count);
}
