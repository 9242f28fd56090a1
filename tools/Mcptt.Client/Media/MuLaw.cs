namespace Mcptt.Client.Media;

/// <summary>ITU-T G.711 mu-law (PCMU, RTP payload type 0) companding.</summary>
public static class MuLaw
{
    private const int Bias = 0x84;
    private const int Clip = 32635;

    public static byte Encode(short sample)
    {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0)
        {
            pcm = -pcm;
        }

        if (pcm > Clip)
        {
            pcm = Clip;
        }

        pcm += Bias;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    public static short Decode(byte encoded)
    {
        int u = ~encoded & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + Bias) << exponent) - Bias;
        return (short)(sign != 0 ? -magnitude : magnitude);
    }

    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        for (int i = 0; i < pcm.Length; i++)
        {
            destination[i] = Encode(pcm[i]);
        }
    }

    public static void Decode(ReadOnlySpan<byte> encoded, Span<short> destination)
    {
        for (int i = 0; i < encoded.Length; i++)
        {
            destination[i] = Decode(encoded[i]);
        }
    }
}
