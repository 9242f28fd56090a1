namespace Mcptt.Floor.Server;

/// <summary>Where the server's floor control messages for one participant go (its floor channel).</summary>
public interface IFloorParticipantChannel
{
    /// <summary>Sends one datagram; must not block and must copy the span if it keeps it.</summary>
    void Send(ReadOnlySpan<byte> message);
}

/// <summary>The media distributor: only the holder's media reaches the others.</summary>
public interface IFloorMediaGate
{
    /// <summary>Null = nobody may talk. Called under the session lock; keep it short.</summary>
    void SetHolder(string? participantId);
}
