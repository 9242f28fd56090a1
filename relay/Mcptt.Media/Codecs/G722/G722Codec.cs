namespace Mcptt.Media.Codecs.G722;

/// <summary>
/// G.722 at 64 kbit/s: 16 kHz PCM, 20 ms = 320 samples = 160 octets. SDP says <c>G722/8000</c> and the RTP
/// timestamp advances 160 per 20 ms: RFC 3551 §4.5.2 keeps the 8000 Hz clock rate for historical reasons
/// although the audio is sampled at 16 kHz (<see cref="CodecFormat.RtpTimestampPerFrame"/> accounts for it).
/// </summary>
public sealed class G722Codec : IAudioCodec
{
    private G722Encoder _encoder = G722Encoder.Create();
    private G722Decoder _decoder = G722Decoder.Create();

    public CodecFormat Format { get; } = new("G722", 8000, 16000, 1, 320, 160, PayloadType: 9);

    public MediaResult Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length != Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.BadFrameSize);
        if (payload.Length < pcm.Length / 2) return MediaResult.Fail(MediaError.OutputTooSmall);
        _encoder.Encode(pcm, payload);
        return MediaResult.Written(pcm.Length / 2);
    }

    public MediaResult Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.IsEmpty) return MediaResult.Fail(MediaError.InvalidPayload);
        if (pcm.Length < payload.Length * 2) return MediaResult.Fail(MediaError.OutputTooSmall);
        _decoder.Decode(payload, pcm);
        return MediaResult.Written(payload.Length * 2);
    }

    public MediaResult Conceal(ReadOnlySpan<byte> next, Span<short> pcm) => MediaResult.Fail(MediaError.NotSupported);

    public void Dispose()
    {
    }
}
