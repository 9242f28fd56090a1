namespace Mcptt.Media.Codecs.Opus;

/// <summary>
/// Opus through Debian's libopus: 48 kHz, 20 ms frames, one encoder and one decoder state per instance.
/// Native state lives outside the GC heap, so encode and decode allocate nothing; malformed payloads come back
/// as libopus error codes, mapped to <see cref="MediaError.InvalidPayload"/>.
/// </summary>
public sealed unsafe class LibOpusCodec : IAudioCodec
{
    private const int MaxFrameSamples = 5760; // 120 ms, the longest Opus packet

    private readonly LibOpusApi _api;
    private nint _encoder;
    private nint _decoder;

    private LibOpusCodec(LibOpusApi api, OpusSettings settings, nint encoder, nint decoder)
    {
        _api = api;
        _encoder = encoder;
        _decoder = decoder;
        Settings = settings;
        Format = new CodecFormat("opus", 48000, settings.PcmSampleRate, settings.Channels, settings.PcmSampleRate / 50, 1275);
    }

    public CodecFormat Format { get; }

    public OpusSettings Settings { get; }

    /// <summary>Creates the codec, or says why not (library missing, libopus refusing the parameters).</summary>
    public static bool TryCreate(OpusSettings settings, string library, out LibOpusCodec? codec, out string error)
    {
        codec = null;
        if (!LibOpusApi.TryLoad(library, out var api, out error)) return false;
        int status;
        nint encoder = api!.EncoderCreate(settings.PcmSampleRate, settings.Channels, LibOpusApi.ApplicationVoip, &status);
        if (encoder == 0 || status != 0)
        {
            error = $"opus_encoder_create failed ({status})";
            return false;
        }
        nint decoder = api.DecoderCreate(settings.PcmSampleRate, settings.Channels, &status);
        if (decoder == 0 || status != 0)
        {
            api.EncoderDestroy(encoder);
            error = $"opus_decoder_create failed ({status})";
            return false;
        }
        codec = new LibOpusCodec(api, settings, encoder, decoder);
        codec.Configure();
        return true;
    }

    public MediaResult Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length != Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.BadFrameSize);
        fixed (short* input = pcm)
        fixed (byte* output = payload)
        {
            int bytes = _api.Encode(_encoder, input, Format.FrameSamples, output, payload.Length);
            return bytes > 0 ? MediaResult.Written(bytes)
                : MediaResult.Fail(bytes == -2 ? MediaError.OutputTooSmall : MediaError.CodecFailure);
        }
    }

    public MediaResult Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.IsEmpty) return MediaResult.Fail(MediaError.InvalidPayload);
        return DecodeCore(payload, pcm, Math.Min(pcm.Length / Format.Channels, MaxFrameSamples), fec: false);
    }

    public MediaResult Conceal(ReadOnlySpan<byte> next, Span<short> pcm)
    {
        if (pcm.Length < Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.OutputTooSmall);
        // With the next packet at hand, its FEC copy of the lost frame; else libopus's own PLC (null payload).
        bool fec = !next.IsEmpty && Settings.InbandFec;
        return DecodeCore(fec ? next : default, pcm, Format.FrameSamples, fec);
    }

    private MediaResult DecodeCore(ReadOnlySpan<byte> payload, Span<short> pcm, int frameSamples, bool fec)
    {
        fixed (byte* input = payload)
        fixed (short* output = pcm)
        {
            int samples = _api.Decode(_decoder, payload.IsEmpty ? null : input, payload.Length, output, frameSamples, fec ? 1 : 0);
            return samples >= 0 ? MediaResult.Written(samples * Format.Channels)
                : MediaResult.Fail(samples == -2 ? MediaError.OutputTooSmall : MediaError.InvalidPayload);
        }
    }

    private void Configure()
    {
        _api.EncoderCtl(_encoder, LibOpusApi.SetBitrate, Settings.Bitrate);
        _api.EncoderCtl(_encoder, LibOpusApi.SetMaxBandwidth, Settings.MaxBandwidthCode);
        _api.EncoderCtl(_encoder, LibOpusApi.SetComplexity, Settings.Complexity);
        _api.EncoderCtl(_encoder, LibOpusApi.SetInbandFec, Settings.InbandFec ? 1 : 0);
        _api.EncoderCtl(_encoder, LibOpusApi.SetPacketLossPercent, Settings.InbandFec ? Settings.PacketLossPercent : 0);
        if (Settings.Channels == 2 && !Settings.EncodeStereo) _api.EncoderCtl(_encoder, LibOpusApi.SetForceChannels, 1);
    }

    public void Dispose()
    {
        if (_encoder != 0) _api.EncoderDestroy(_encoder);
        if (_decoder != 0) _api.DecoderDestroy(_decoder);
        _encoder = 0;
        _decoder = 0;
    }
}
