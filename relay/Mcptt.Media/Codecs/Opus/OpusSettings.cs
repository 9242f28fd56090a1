namespace Mcptt.Media.Codecs.Opus;

/// <summary>Which Opus implementation encodes and decodes.</summary>
public enum OpusImplementation
{
    /// <summary>Debian's libopus (package libopus0) through P/Invoke: the default (see the README's measurements).</summary>
    LibOpus,
    /// <summary>Concentus, the managed port: no native dependency, several times the CPU per frame.</summary>
    Concentus,
}

/// <summary>Opus encoder parameters, after the SDP fmtp of the remote side has been applied (RFC 7587 §6.1).</summary>
public sealed record OpusSettings
{
    /// <summary>rtpengine's default Opus bitrate, so transcoded calls compare like for like.</summary>
    public const int DefaultBitrate = 32000;

    /// <summary>
    /// PCM rate of encode input and decode output: 8000, 12000, 16000, 24000 or 48000. libopus codes and decodes
    /// at any of them directly, so a 16 kHz mixer needs no resampler for Opus legs. RTP stays 48 kHz (RFC 7587).
    /// </summary>
    public int PcmSampleRate { get; init; } = 48000;

    /// <summary>PCM channels of encode input and decode output: 2 when the remote sets <c>stereo=1</c> or <c>sprop-stereo=1</c>.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Whether the encoder codes two channels (the remote's <c>stereo=1</c>); otherwise stereo input is coded as mono.</summary>
    public bool EncodeStereo { get; init; }

    /// <summary>Target bitrate, capped by the remote's <c>maxaveragebitrate</c>.</summary>
    public int Bitrate { get; init; } = DefaultBitrate;

    /// <summary>The remote's <c>useinbandfec=1</c>: it can use in-band FEC, so the encoder adds it.</summary>
    public bool InbandFec { get; init; }

    /// <summary>The remote's <c>maxplaybackrate</c> (Hz): the encoder limits its audio bandwidth to it.</summary>
    public int MaxPlaybackRate { get; init; } = 48000;

    /// <summary>Expected loss in percent, told to the encoder so FEC has bits to work with.</summary>
    public int PacketLossPercent { get; init; } = 10;

    /// <summary>Encoder complexity 0..10 (libopus default 10; lower trades quality for CPU).</summary>
    public int Complexity { get; init; } = 10;

    /// <summary>The libopus bandwidth constant for <see cref="MaxPlaybackRate"/> (narrow, medium, wide, super-wide, full band).</summary>
    public int MaxBandwidthCode => MaxPlaybackRate switch
    {
        <= 8000 => 1101,
        <= 12000 => 1102,
        <= 16000 => 1103,
        <= 24000 => 1104,
        _ => 1105,
    };

    /// <summary>Applies a remote fmtp (RFC 7587) to the defaults.</summary>
    public static OpusSettings FromFmtp(FmtpParameters fmtp, int defaultBitrate = DefaultBitrate, int pcmSampleRate = 48000)
    {
        if (pcmSampleRate is not (8000 or 12000 or 16000 or 24000 or 48000))
            throw new ArgumentOutOfRangeException(nameof(pcmSampleRate), $"Opus PCM rate {pcmSampleRate} is not 8000, 12000, 16000, 24000 or 48000");
        bool stereo = fmtp.Flag("stereo");
        bool spropStereo = fmtp.Flag("sprop-stereo");
        int bitrate = defaultBitrate;
        if (fmtp.TryGetInt("maxaveragebitrate", out int max)) bitrate = Math.Min(bitrate, max);
        return new OpusSettings
        {
            PcmSampleRate = pcmSampleRate,
            Channels = stereo || spropStereo ? 2 : 1,
            EncodeStereo = stereo,
            Bitrate = Math.Clamp(bitrate, 6000, 510000),
            InbandFec = fmtp.Flag("useinbandfec"),
            MaxPlaybackRate = fmtp.TryGetInt("maxplaybackrate", out int rate) ? Math.Clamp(rate, 8000, 48000) : 48000,
        };
    }
}
