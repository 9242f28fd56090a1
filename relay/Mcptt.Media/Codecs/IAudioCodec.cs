namespace Mcptt.Media.Codecs;

/// <summary>
/// One direction-agnostic codec instance for one leg: encodes and decodes one 20 ms (or the codec's own)
/// frame between interleaved 16-bit PCM and an RTP payload. Per-frame methods never allocate, never lock and
/// never throw on bad input: they return a <see cref="MediaResult"/>. An instance keeps codec state
/// (ADPCM predictors, Opus state), so each leg direction needs its own; it is not thread-safe.
/// </summary>
public interface IAudioCodec : IDisposable
{
    CodecFormat Format { get; }

    /// <summary>Encodes exactly <see cref="CodecFormat.PcmSamplesPerFrame"/> samples; Count = payload bytes.</summary>
    MediaResult Encode(ReadOnlySpan<short> pcm, Span<byte> payload);

    /// <summary>Decodes one payload; Count = PCM samples written (all channels).</summary>
    MediaResult Decode(ReadOnlySpan<byte> payload, Span<short> pcm);

    /// <summary>
    /// Produces one frame for a lost packet with the codec's own concealment: when <paramref name="next"/> holds
    /// the following packet, a codec with in-band FEC (Opus) recovers the lost frame from it. Codecs without their
    /// own PLC return <see cref="MediaError.NotSupported"/> and the caller conceals (repeat and fade).
    /// </summary>
    MediaResult Conceal(ReadOnlySpan<byte> next, Span<short> pcm);
}
