using Concentus;
using Concentus.Enums;
using ConcentusDecoder = Concentus.Structs.OpusDecoder;
using ConcentusEncoder = Concentus.Structs.OpusEncoder;

namespace Mcptt.Media.Codecs.Opus;

/// <summary>
/// Opus through Concentus, the managed port (measured against libopus in perf/RESULTS.md §12a). Concentus reports
/// malformed input by throwing <see cref="OpusException"/>; this wrapper turns that into a result value, which
/// costs an exception per bad packet — one reason libopus is the default.
/// </summary>
public sealed class ConcentusOpusCodec : IAudioCodec
{

#pragma warning disable CS0618 // the constructors are marked obsolete to steer users to the factory, which may pick native code: we want the managed code
    private readonly ConcentusEncoder _encoder;
    private readonly ConcentusDecoder _decoder;

    public ConcentusOpusCodec(OpusSettings settings)
    {
        Settings = settings;
        Format = new CodecFormat("opus", 48000, settings.PcmSampleRate, settings.Channels, settings.PcmSampleRate / 50, 1275);
        _encoder = new ConcentusEncoder(settings.PcmSampleRate, settings.Channels, OpusApplication.OPUS_APPLICATION_VOIP)
        {
            Bitrate = settings.Bitrate,
            MaxBandwidth = (OpusBandwidth)settings.MaxBandwidthCode,
            Complexity = settings.Complexity,
            UseInbandFEC = settings.InbandFec,
            PacketLossPercent = settings.InbandFec ? settings.PacketLossPercent : 0,
        };
        if (settings.Channels == 2 && !settings.EncodeStereo) _encoder.ForceChannels = 1;
        _decoder = new ConcentusDecoder(settings.PcmSampleRate, settings.Channels);
    }
#pragma warning restore CS0618

    public CodecFormat Format { get; }

    public OpusSettings Settings { get; }

    public MediaResult Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length != Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.BadFrameSize);
        try
        {
            return MediaResult.Written(_encoder.Encode(pcm, Format.FrameSamples, payload, payload.Length));
        }
        catch (OpusException)
        {
            return MediaResult.Fail(MediaError.CodecFailure);
        }
    }

    public MediaResult Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.IsEmpty) return MediaResult.Fail(MediaError.InvalidPayload);
        return DecodeCore(payload, pcm, Math.Min(pcm.Length / Format.Channels, 5760), fec: false);
    }

    public MediaResult Conceal(ReadOnlySpan<byte> next, Span<short> pcm)
    {
        if (pcm.Length < Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.OutputTooSmall);
        bool fec = !next.IsEmpty && Settings.InbandFec;
        return DecodeCore(fec ? next : default, pcm, Format.FrameSamples, fec);
    }

    private MediaResult DecodeCore(ReadOnlySpan<byte> payload, Span<short> pcm, int frameSamples, bool fec)
    {
        try
        {
            return MediaResult.Written(_decoder.Decode(payload, pcm, frameSamples, fec) * Format.Channels);
        }
        catch (OpusException)
        {
            return MediaResult.Fail(MediaError.InvalidPayload);
        }
    }

    public void Dispose()
    {
    }
}
