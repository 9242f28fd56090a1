using Mcptt.Floor.Server;
using Mcptt.Floor.Wire;

namespace Mcptt.Floor.Tests.Support;

/// <summary>Captures what the server sends to one participant.</summary>
public sealed class RecordingChannel : IFloorParticipantChannel
{
    public List<byte[]> Raw { get; } = new();

    public List<Decoded> Messages { get; } = new();

    public Decoded Last => Messages[^1];

    public int Count(FloorMessageType type) => Messages.Count(m => m.Type == type);

    public void Clear()
    {
        Raw.Clear();
        Messages.Clear();
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        Raw.Add(message.ToArray());
        Messages.Add(Decoded.From(message));
    }
}

public sealed class RecordingGate : IFloorMediaGate
{
    public List<string?> History { get; } = new();

    public string? Holder { get; private set; }

    public void SetHolder(string? participantId)
    {
        Holder = participantId;
        History.Add(participantId);
    }
}
