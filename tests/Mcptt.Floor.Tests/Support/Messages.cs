using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Support;

/// <summary>Client-side messages built with the production writer.</summary>
public static class Messages
{
    public static byte[] Request(uint ssrc, byte? priority = null, string? userId = null)
    {
        var buffer = new byte[256];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Request, false, ssrc);
        if (priority is { } p) w.Priority(p);
        if (userId is not null) w.UserId(userId);
        return buffer[..w.Finish()];
    }

    public static byte[] Release(uint ssrc, bool ackRequired = false)
    {
        var buffer = new byte[256];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Release, ackRequired, ssrc);
        return buffer[..w.Finish()];
    }

    public static byte[] Ack(uint ssrc, byte acknowledgedRawSubtype)
    {
        var buffer = new byte[256];
        var w = new FloorMessageWriter(buffer, FloorMessageType.Ack, false, ssrc);
        w.Source(FloorSource.FloorParticipant);
        w.MessageType(acknowledgedRawSubtype);
        return buffer[..w.Finish()];
    }

    public static byte[] QueuePositionRequest(uint ssrc)
    {
        var buffer = new byte[256];
        var w = new FloorMessageWriter(buffer, FloorMessageType.QueuePositionRequest, false, ssrc);
        return buffer[..w.Finish()];
    }
}
