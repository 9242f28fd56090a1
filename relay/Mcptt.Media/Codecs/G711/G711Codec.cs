namespace Mcptt.Media.Codecs.G711;

/// <summary>PCMU / PCMA at 8 kHz: one byte per sample, stateless, 20 ms = 160 bytes (any whole sample count decodes).</summary>
public sealed class G711Codec : IAudioCodec
{
    private readonly G711Law _law;

    public G711Codec(G711Law law, int frameMilliseconds = 20)
    {
        _law = law;
        int samples = 8 * frameMilliseconds;
        Format = law == G711Law.MuLaw
            ? new CodecFormat("PCMU", 8000, 8000, 1, samples, samples, PayloadType: 0)
            : new CodecFormat("PCMA", 8000, 8000, 1, samples, samples, PayloadType: 8);
    }

    public CodecFormat Format { get; }

    public MediaResult Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length != Format.PcmSamplesPerFrame) return MediaResult.Fail(MediaError.BadFrameSize);
        if (payload.Length < pcm.Length) return MediaResult.Fail(MediaError.OutputTooSmall);
        G711Transcoder.Encode(_law, pcm, payload);
        return MediaResult.Written(pcm.Length);
    }

    public MediaResult Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.IsEmpty) return MediaResult.Fail(MediaError.InvalidPayload);
        if (pcm.Length < payload.Length) return MediaResult.Fail(MediaError.OutputTooSmall);
        G711Transcoder.Decode(_law, payload, pcm);
        return MediaResult.Written(payload.Length);
    }

    public MediaResult Conceal(ReadOnlySpan<byte> next, Span<short> pcm) => MediaResult.Fail(MediaError.NotSupported);

    public void Dispose()
    {
    }
}
