namespace Mcptt.Media.Tests.Codecs;

/// <summary>
/// The ITU-T G.191 software tool library's G.711 procedures, written out plainly as loops (segment search, no
/// tables, no bit tricks) so that the production kernels are checked against an independent formulation.
/// </summary>
internal static class G711ReferenceModel
{
    public static byte MuLawCompress(short x)
    {
        int absno = x < 0 ? ((~x) >> 2) + 33 : (x >> 2) + 33;
        if (absno > 0x1FFF) absno = 0x1FFF;
        int i = absno >> 6;
        int segno = 1;
        while (i != 0) { segno++; i >>= 1; }
        int highNibble = 0x0008 - segno;
        int lowNibble = 0x000F - ((absno >> segno) & 0x000F);
        int output = (highNibble << 4) | lowNibble;
        if (x >= 0) output |= 0x0080;
        return (byte)output;
    }

    public static short MuLawExpand(byte code)
    {
        int sign = code < 0x80 ? -1 : 1;
        int mantissa = ~code & 0xFF;
        int exponent = (mantissa >> 4) & 0x07;
        int segment = exponent + 1;
        mantissa &= 0x0F;
        int step = 4 << segment;
        return (short)(sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33));
    }

    public static byte ALawCompress(short x)
    {
        int ix = x < 0 ? (~x) >> 4 : x >> 4;
        if (ix > 15)
        {
            int iexp = 1;
            while (ix > 16 + 15) { ix >>= 1; iexp++; }
            ix -= 16;
            ix += iexp << 4;
        }
        if (x >= 0) ix |= 0x0080;
        return (byte)(ix ^ 0x0055);
    }

    public static short ALawExpand(byte code)
    {
        int ix = code ^ 0x0055;
        ix &= 0x007F;
        int iexp = ix >> 4;
        int mant = ix & 0x000F;
        if (iexp > 0) mant += 16;
        mant = (mant << 4) + 0x0008;
        if (iexp > 1) mant <<= iexp - 1;
        return (short)((code ^ 0x55) > 127 ? mant : -mant);
    }
}
