using Mcptt.Media.Codecs.Codec2;
using Mcptt.Media.Codecs.G711;
using Mcptt.Media.Codecs.G722;
using Mcptt.Media.Codecs.Opus;

namespace Mcptt.Media.Codecs;

/// <summary>Library choices of the factory; the defaults are Debian's sonames.</summary>
public sealed record CodecLibraryOptions
{
    public OpusImplementation Opus { get; init; } = OpusImplementation.LibOpus;

    public string LibOpus { get; init; } = LibOpusApi.DefaultLibrary;

    public string LibCodec2 { get; init; } = Codec2Codec.DefaultLibrary;

    /// <summary>PCM rate Opus codecs decode to and encode from (the mixer's rate spares a resampler).</summary>
    public int OpusPcmSampleRate { get; init; } = 48000;

    /// <summary>The bitrate Opus encoders start from (capped by the remote's maxaveragebitrate).</summary>
    public int OpusBitrate { get; init; } = OpusSettings.DefaultBitrate;
}

/// <summary>
/// Creates codecs from what SDP says: the rtpmap encoding name, clock rate and channels and the fmtp line.
/// Names match case-insensitively (RFC 4855). Failures are values with a message naming what was wrong or which
/// library is missing; <see cref="Create"/> throws <see cref="CodecUnavailableException"/> with the same text.
/// </summary>
public sealed class AudioCodecFactory(CodecLibraryOptions? options = null)
{
    private readonly CodecLibraryOptions _options = options ?? new CodecLibraryOptions();

    /// <summary>The encodings this factory knows (whether their libraries load is found out at creation).</summary>
    public static IReadOnlyList<string> KnownEncodings { get; } = ["PCMU/8000", "PCMA/8000", "G722/8000", "opus/48000/2", "CODEC2/8000"];

    public bool TryCreate(string encodingName, int clockRate, int channels, string? fmtp, out IAudioCodec? codec, out string error)
    {
        codec = null;
        error = "";
        var parameters = FmtpParameters.Parse(fmtp);
        switch (encodingName.ToUpperInvariant())
        {
            case "PCMU" when clockRate == 8000 && channels == 1:
                codec = new G711Codec(G711Law.MuLaw);
                return true;
            case "PCMA" when clockRate == 8000 && channels == 1:
                codec = new G711Codec(G711Law.ALaw);
                return true;
            case "G722" when clockRate == 8000 && channels == 1:
                codec = new G722Codec();
                return true;
            case "OPUS" when clockRate == 48000 && channels == 2:
                return TryCreateOpus(parameters, out codec, out error);
            case "CODEC2" when clockRate == 8000 && channels == 1:
                string mode = parameters.TryGet("mode", out var m) ? m : "3200";
                bool ok = Codec2Codec.TryCreate(mode, _options.LibCodec2, out var codec2, out error);
                codec = codec2;
                return ok;
            case "TELEPHONE-EVENT":
                error = "telephone-event is not an audio codec: read and write its payloads with TelephoneEvent";
                return false;
            case "G729":
                error = "G729 is not supported (no codec library on Debian 12)";
                return false;
            default:
                error = $"unsupported codec {encodingName}/{clockRate}/{channels} (supported: {string.Join(", ", KnownEncodings)})";
                return false;
        }
    }

    public IAudioCodec Create(string encodingName, int clockRate, int channels = 1, string? fmtp = null) =>
        TryCreate(encodingName, clockRate, channels, fmtp, out var codec, out var error) ? codec! : throw new CodecUnavailableException(error);

    private bool TryCreateOpus(FmtpParameters parameters, out IAudioCodec? codec, out string error)
    {
        var settings = OpusSettings.FromFmtp(parameters, _options.OpusBitrate, _options.OpusPcmSampleRate);
        if (_options.Opus == OpusImplementation.Concentus)
        {
            codec = new ConcentusOpusCodec(settings);
            error = "";
            return true;
        }
        bool ok = LibOpusCodec.TryCreate(settings, _options.LibOpus, out var native, out error);
        codec = native;
        return ok;
    }
}
