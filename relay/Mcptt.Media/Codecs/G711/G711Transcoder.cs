using Mcptt.Media.Simd;

namespace Mcptt.Media.Codecs.G711;

/// <summary>
/// G.711 over whole spans, dispatched once per call to the widest accelerated vector width (512, 256, 128 bits)
/// or the scalar code. Bit-exact with the ITU-T G.191 reference whatever the width.
/// </summary>
public static class G711Transcoder
{
    /// <summary>Encodes pcm.Length samples into as many codes; codes must be at least as long.</summary>
    public static void Encode(G711Law law, ReadOnlySpan<short> pcm, Span<byte> codes, SimdWidth width = SimdWidth.Auto)
    {
        codes = codes[..pcm.Length];
        bool mu = law == G711Law.MuLaw;
        switch (Resolve(width))
        {
            case SimdWidth.Vector512: if (mu) G711Vector.EncodeMuLaw<V512>(pcm, codes); else G711Vector.EncodeALaw<V512>(pcm, codes); break;
            case SimdWidth.Vector256: if (mu) G711Vector.EncodeMuLaw<V256>(pcm, codes); else G711Vector.EncodeALaw<V256>(pcm, codes); break;
            case SimdWidth.Vector128: if (mu) G711Vector.EncodeMuLaw<V128>(pcm, codes); else G711Vector.EncodeALaw<V128>(pcm, codes); break;
            default: if (mu) G711Scalar.EncodeMuLaw(pcm, codes); else G711Scalar.EncodeALaw(pcm, codes); break;
        }
    }

    /// <summary>Decodes codes.Length codes into as many samples; pcm must be at least as long.</summary>
    public static void Decode(G711Law law, ReadOnlySpan<byte> codes, Span<short> pcm, SimdWidth width = SimdWidth.Auto)
    {
        pcm = pcm[..codes.Length];
        bool mu = law == G711Law.MuLaw;
        switch (Resolve(width))
        {
            case SimdWidth.Vector512: if (mu) G711Vector.DecodeMuLaw<V512>(codes, pcm); else G711Vector.DecodeALaw<V512>(codes, pcm); break;
            case SimdWidth.Vector256: if (mu) G711Vector.DecodeMuLaw<V256>(codes, pcm); else G711Vector.DecodeALaw<V256>(codes, pcm); break;
            case SimdWidth.Vector128: if (mu) G711Vector.DecodeMuLaw<V128>(codes, pcm); else G711Vector.DecodeALaw<V128>(codes, pcm); break;
            default: if (mu) G711Scalar.DecodeMuLaw(codes, pcm); else G711Scalar.DecodeALaw(codes, pcm); break;
        }
    }

    private static SimdWidth Resolve(SimdWidth width) => SimdSupport.Resolve(width);
}
