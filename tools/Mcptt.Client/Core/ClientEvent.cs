using Mcptt.Client.Floor;

namespace Mcptt.Client.Core;

/// <summary>Things that happen to a client, in order; scripts and tests wait on them.</summary>
public enum ClientEventKind
{
    Registered,
    RegistrationFailed,
    Unregistered,
    Incoming,
    Ringing,
    Connected,
    CallFailed,
    Terminated,
    FloorGranted,
    FloorTaken,
    FloorDeny,
    FloorIdle,
    FloorRevoke,
    FloorQueueInfo,
    FloorOther,

    /// <summary>A Floor Request or Release got no answer after every retry (T101/C101, T100/C100).</summary>
    FloorNoAnswer,
    TalkStarted,
    TalkStopped,
    FirstRtp,
}

/// <summary>One journal entry; <see cref="Floor"/> is set for floor messages, <see cref="StatusCode"/> for SIP outcomes.</summary>
public sealed record ClientEvent(long Sequence, ClientEventKind Kind, string Detail)
{
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public FloorEvent? Floor { get; init; }

    public int? StatusCode { get; init; }

    public override string ToString() => $"{Kind}: {Detail}";
}
