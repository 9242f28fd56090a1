namespace Mcptt.Floor.Server;

/// <summary>The server's per-participant machine data (TS 24.380 §6.3.5); mutated only under the session lock.</summary>
internal sealed class FloorParticipant(FloorParticipantOptions options, IFloorParticipantChannel? channel, bool acksRequired)
{
    public FloorParticipantOptions Options { get; } = options;

    public IFloorParticipantChannel? Channel { get; } = channel;

    public string Id => Options.Id;

    public string UserId => Options.UserId ?? Options.Id;

    public bool AcksRequired { get; } = acksRequired && channel is not null;

    public ParticipantFloorState State { get; set; } = ParticipantFloorState.StartStop;

    /// <summary>Floor Idle sent ack-required and not yet acknowledged (T7/C7 retransmission).</summary>
    public bool IdleUnacked { get; set; }
}
