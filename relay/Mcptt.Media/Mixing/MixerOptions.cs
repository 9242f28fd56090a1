namespace Mcptt.Media.Mixing;

/// <summary>Sizing of an <see cref="AudioMixer"/>; validated by its constructor.</summary>
public sealed record MixerOptions
{
    /// <summary>Samples per frame at the mixer's rate: 160 (8 kHz) or 320 (16 kHz) for 20 ms.</summary>
    public int FrameSamples { get; init; } = 320;

    /// <summary>Participants the mixer has room for (preallocated).</summary>
    public int MaxParticipants { get; init; } = 64;

    /// <summary>N: at most this many talkers are mixed, the loudest; the others are not heard until one of them stops.</summary>
    public int MaxTalkers { get; init; } = 3;

    /// <summary>Mean absolute sample value below which a participant counts as silent (not a talker): about −50 dBFS.</summary>
    public int SilenceLevel { get; init; } = 100;

    /// <summary>
    /// Hysteresis for the N-loudest choice: a talker already selected competes with its level raised by this
    /// percentage, so two voices of similar level do not swap in and out every frame.
    /// </summary>
    public int IncumbentBonusPercent { get; init; } = 25;

    internal void Validate()
    {
        if (FrameSamples is <= 0 or > 5760) throw new ArgumentException($"Mixer FrameSamples ({FrameSamples}) must be 1..5760");
        if (MaxParticipants <= 0) throw new ArgumentException($"Mixer MaxParticipants ({MaxParticipants}) must be positive");
        if (MaxTalkers <= 0 || MaxTalkers > MaxParticipants)
            throw new ArgumentException($"Mixer MaxTalkers ({MaxTalkers}) must be 1..MaxParticipants ({MaxParticipants})");
        if (SilenceLevel < 0 || IncumbentBonusPercent < 0) throw new ArgumentException("Mixer SilenceLevel and IncumbentBonusPercent must be >= 0");
    }
}
