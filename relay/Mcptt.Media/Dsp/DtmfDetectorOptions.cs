namespace Mcptt.Media.Dsp;

/// <summary>
/// Acceptance rules of the in-band DTMF detector, defaulting to ITU-T Q.24's common values. All configurable:
/// operators tune talk-off against missed digits per network.
/// </summary>
public sealed record DtmfDetectorOptions
{
    /// <summary>Minimum level of each tone, dBFS of its peak amplitude (about −31 dBm0 at the G.711 overload point).</summary>
    public double MinToneLevelDbfs { get; init; } = -34;

    /// <summary>How much stronger the low-group tone may be than the high-group tone (dB).</summary>
    public double MaxLowOverHighDb { get; init; } = 8;

    /// <summary>How much stronger the high-group tone may be than the low-group tone (dB).</summary>
    public double MaxHighOverLowDb { get; init; } = 4;

    /// <summary>Each tone must exceed the other frequencies of its group by this much (dB).</summary>
    public double MinRelativePeakDb { get; init; } = 8;

    /// <summary>Share of the block's energy the two tones must hold: speech spreads its energy and fails this (talk-off).</summary>
    public double MinTonePowerShare { get; init; } = 0.8;

    /// <summary>Consecutive 12.75 ms blocks with the same digit before it counts: 2 accepts 40 ms tones, rejects 20 ms ones.</summary>
    public int MinBlocks { get; init; } = 2;

    /// <summary>Consecutive blocks without the digit that end it (bridges a dropout shorter than this).</summary>
    public int EndBlocks { get; init; } = 2;

    internal void Validate()
    {
        if (MinBlocks < 1 || EndBlocks < 1) throw new ArgumentException("DTMF MinBlocks and EndBlocks must be at least 1");
        if (MinTonePowerShare is <= 0 or > 1) throw new ArgumentException($"DTMF MinTonePowerShare ({MinTonePowerShare}) must be in (0, 1]");
        if (MaxLowOverHighDb < 0 || MaxHighOverLowDb < 0 || MinRelativePeakDb < 0) throw new ArgumentException("DTMF twist and peak limits must be >= 0");
    }
}
