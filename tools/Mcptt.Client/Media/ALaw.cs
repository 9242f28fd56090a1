namespace Mcptt.Client.Media;

/// <summary>ITU-T G.711 A-law (PCMA, RTP payload type 8) decoding, so received PCMA can be recorded too.</summary>
public static class ALaw
{
    public static short Decode(byte encoded)
    {
        int a = encoded ^ 0x55;
        int sign = a & 0x80;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0
            ? (mantissa << 4) + 8
            : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short)(sign != 0 ? magnitude : -magnitude);
    }
}
