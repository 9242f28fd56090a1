using System.Numerics;

namespace Mcptt.Media.Codecs.G711;

/// <summary>
/// Scalar G.711 (the fallback and the reference for the vector kernels). Encoding follows the ITU-T G.191
/// reference behaviour for 16-bit input: negative samples are taken in one's complement (−1 encodes like 0),
/// µ-law uses the top 14 bits and the bias of 33, A-law the top 12 bits after the sign; decoding yields the
/// G.711 reconstruction levels scaled to 16 bits (µ-law ±32124, A-law ±32256).
/// </summary>
internal static class G711Scalar
{
    private static readonly short[] MuLawDecodeTable = BuildTable(DecodeMuLawComputed);
    private static readonly short[] ALawDecodeTable = BuildTable(DecodeALawComputed);

    public static byte EncodeMuLaw(short sample)
    {
        int mask = sample >> 15;                       // 0 or -1
        int magnitude = Math.Min(((sample ^ mask) >> 2) + 33, 0x1FFF);
        int segment = 32 - BitOperations.LeadingZeroCount((uint)(magnitude >> 6)) + 1; // 1..8
        int low = 0x0F ^ ((magnitude >> segment) & 0x0F);
        int code = ((8 - segment) << 4) | low;
        return (byte)(mask == 0 ? code | 0x80 : code);
    }

    public static byte EncodeALaw(short sample)
    {
        int mask = sample >> 15;
        int magnitude = (sample ^ mask) >> 4;           // 0..2047
        int shift = Math.Max(0, 32 - BitOperations.LeadingZeroCount((uint)magnitude) - 5); // segments above 1
        int code = (magnitude >> shift) + (shift << 4);
        return (byte)((mask == 0 ? code | 0x80 : code) ^ 0x55);
    }

    public static short DecodeMuLaw(byte code) => MuLawDecodeTable[code];

    public static short DecodeALaw(byte code) => ALawDecodeTable[code];

    public static void EncodeMuLaw(ReadOnlySpan<short> pcm, Span<byte> codes)
    {
        for (int i = 0; i < pcm.Length; i++) codes[i] = EncodeMuLaw(pcm[i]);
    }

    public static void EncodeALaw(ReadOnlySpan<short> pcm, Span<byte> codes)
    {
        for (int i = 0; i < pcm.Length; i++) codes[i] = EncodeALaw(pcm[i]);
    }

    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> pcm)
    {
        var table = MuLawDecodeTable;
        for (int i = 0; i < codes.Length; i++) pcm[i] = table[codes[i]];
    }

    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<short> pcm)
    {
        var table = ALawDecodeTable;
        for (int i = 0; i < codes.Length; i++) pcm[i] = table[codes[i]];
    }

    private static short DecodeMuLawComputed(int code)
    {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 7;
        int magnitude = ((((inverted & 0x0F) << 3) + 0x84) << exponent) - 0x84;
        return (short)((code & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short DecodeALawComputed(int code)
    {
        int value = code ^ 0x55;
        int exponent = (value >> 4) & 7;
        int mantissa = value & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short[] BuildTable(Func<int, short> decode)
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++) table[code] = decode(code);
        return table;
    }
}
