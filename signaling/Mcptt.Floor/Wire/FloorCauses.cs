namespace Mcptt.Floor.Wire;

/// <summary>Floor Deny reject causes (TS 24.380 §8.2.6.2). A namespace separate from <see cref="FloorRevokeCause"/>.</summary>
public enum FloorDenyCause : ushort
{
    AnotherClientHasPermission = 1,
    InternalServerError = 2,
    OnlyOneParticipant = 3,
    RetryAfterTimerNotExpired = 4,
    ReceiveOnly = 5,
    NoResourcesAvailable = 6,
    QueueFull = 7,
    OtherReason = 255,
}

/// <summary>Floor Revoke causes (TS 24.380 §8.2.10.2). Note 2 means something else than in Deny.</summary>
public enum FloorRevokeCause : ushort
{
    OnlyOneClient = 1,
    MediaBurstTooLong = 2,
    NoPermissionToSendMedia = 3,
    MediaBurstPreempted = 4,
    NoResourcesAvailable = 6,
    OtherReason = 255,
}

/// <summary>Source field values (field 10): who sent a Floor Ack.</summary>
public enum FloorSource : ushort
{
    FloorParticipant = 0,
    ParticipatingFunction = 1,
    ControllingFunction = 2,
    NonControllingFunction = 3,
}

/// <summary>Floor Indicator bitmap (field 13, §1.4 of the spec digest). Several bits may be set.</summary>
[Flags]
public enum FloorIndicator : ushort
{
    None = 0,
    NormalCall = 0x8000,
    BroadcastGroupCall = 0x4000,
    SystemCall = 0x2000,
    EmergencyCall = 0x1000,
    ImminentPerilCall = 0x0800,
    QueueingSupported = 0x0400,
    DualFloor = 0x0200,
    TemporaryGroupCall = 0x0100,
    MultiTalker = 0x0080,
}

/// <summary>Queue Info (field 3) position sentinels.</summary>
public static class FloorQueuePosition
{
    public const byte NotQueued = 254;
    public const byte Unknown = 255;
}
