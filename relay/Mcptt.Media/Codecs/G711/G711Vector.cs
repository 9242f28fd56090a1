using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mcptt.Media.Simd;

namespace Mcptt.Media.Codecs.G711;

/// <summary>
/// G.711 with SIMD, bit-exact with <see cref="G711Scalar"/>. Segment numbers come from comparisons against the
/// segment thresholds (no per-lane lzcnt exists for 16-bit lanes), and the per-lane shifts by the segment are
/// multiplications by a per-lane power of two built from the same comparison masks.
/// </summary>
internal static class G711Vector
{
    public static void EncodeMuLaw<TV>(ReadOnlySpan<short> pcm, Span<byte> codes) where TV : struct, IVector16<TV>
    {
        ref short src = ref MemoryMarshal.GetReference(pcm);
        ref byte dst = ref MemoryMarshal.GetReference(codes);
        int i = 0;
        for (; i <= pcm.Length - TV.Count; i += TV.Count)
            TV.StoreBytes(EncodeMuLaw(TV.Load(ref Unsafe.Add(ref src, i))), ref Unsafe.Add(ref dst, i));
        G711Scalar.EncodeMuLaw(pcm[i..], codes[i..]);
    }

    public static void EncodeALaw<TV>(ReadOnlySpan<short> pcm, Span<byte> codes) where TV : struct, IVector16<TV>
    {
        ref short src = ref MemoryMarshal.GetReference(pcm);
        ref byte dst = ref MemoryMarshal.GetReference(codes);
        int i = 0;
        for (; i <= pcm.Length - TV.Count; i += TV.Count)
            TV.StoreBytes(EncodeALaw(TV.Load(ref Unsafe.Add(ref src, i))), ref Unsafe.Add(ref dst, i));
        G711Scalar.EncodeALaw(pcm[i..], codes[i..]);
    }

    public static void DecodeMuLaw<TV>(ReadOnlySpan<byte> codes, Span<short> pcm) where TV : struct, IVector16<TV>
    {
        ref byte src = ref MemoryMarshal.GetReference(codes);
        ref short dst = ref MemoryMarshal.GetReference(pcm);
        int i = 0;
        for (; i <= codes.Length - TV.Count; i += TV.Count)
            TV.Store(DecodeMuLaw(TV.LoadBytes(ref Unsafe.Add(ref src, i))), ref Unsafe.Add(ref dst, i));
        G711Scalar.DecodeMuLaw(codes[i..], pcm[i..]);
    }

    public static void DecodeALaw<TV>(ReadOnlySpan<byte> codes, Span<short> pcm) where TV : struct, IVector16<TV>
    {
        ref byte src = ref MemoryMarshal.GetReference(codes);
        ref short dst = ref MemoryMarshal.GetReference(pcm);
        int i = 0;
        for (; i <= codes.Length - TV.Count; i += TV.Count)
            TV.Store(DecodeALaw(TV.LoadBytes(ref Unsafe.Add(ref src, i))), ref Unsafe.Add(ref dst, i));
        G711Scalar.DecodeALaw(codes[i..], pcm[i..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV EncodeMuLaw<TV>(TV x) where TV : struct, IVector16<TV>
    {
        var negative = TV.ShiftRightArithmetic(x, 15);
        var magnitude = TV.Min(TV.Add(TV.ShiftRightArithmetic(TV.Xor(x, negative), 2), TV.Splat(33)), TV.Splat(0x1FFF));
        // segment = 1 + #(magnitude >= 64 << k, k = 0..6); scale = 2^(8 - segment), so (magnitude * scale) >> 8 = magnitude >> segment.
        var high = TV.Splat(7);
        var scale = TV.Splat(128);
        for (int k = 0; k < 7; k++)
        {
            var above = TV.GreaterThan(magnitude, TV.Splat((short)((64 << k) - 1)));
            high = TV.Add(high, above);
            scale = TV.Select(above, TV.ShiftRightArithmetic(scale, 1), scale);
        }
        var mantissa = TV.And(TV.ShiftRightArithmetic(TV.Multiply(magnitude, scale), 8), TV.Splat(0x0F));
        var code = TV.Or(TV.ShiftLeft(high, 4), TV.Xor(mantissa, TV.Splat(0x0F)));
        return TV.Or(code, TV.Xor(TV.And(negative, TV.Splat(0x80)), TV.Splat(0x80)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV EncodeALaw<TV>(TV x) where TV : struct, IVector16<TV>
    {
        var negative = TV.ShiftRightArithmetic(x, 15);
        var magnitude = TV.ShiftRightArithmetic(TV.Xor(x, negative), 4);
        // shift = #(magnitude >= 32 << k, k = 0..5); code = (magnitude >> shift) + (shift << 4).
        var shift = TV.Splat(0);
        var scale = TV.Splat(64);
        for (int k = 0; k < 6; k++)
        {
            var above = TV.GreaterThan(magnitude, TV.Splat((short)((32 << k) - 1)));
            shift = TV.Subtract(shift, above);
            scale = TV.Select(above, TV.ShiftRightArithmetic(scale, 1), scale);
        }
        var code = TV.Add(TV.ShiftRightArithmetic(TV.Multiply(magnitude, scale), 6), TV.ShiftLeft(shift, 4));
        var signed = TV.Or(code, TV.Xor(TV.And(negative, TV.Splat(0x80)), TV.Splat(0x80)));
        return TV.Xor(signed, TV.Splat(0x55));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV DecodeMuLaw<TV>(TV code) where TV : struct, IVector16<TV>
    {
        var inverted = TV.Xor(code, TV.Splat(0xFF));
        var exponent = TV.ShiftRightArithmetic(inverted, 4);
        var baseLevel = TV.Add(TV.ShiftLeft(TV.And(inverted, TV.Splat(0x0F)), 3), TV.Splat(0x84));
        var magnitude = TV.Subtract(TV.Multiply(baseLevel, PowerOfTwo(exponent)), TV.Splat(0x84));
        var positive = TV.GreaterThan(code, TV.Splat(0x7F));
        return TV.Select(positive, magnitude, TV.Subtract(TV.Splat(0), magnitude));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV DecodeALaw<TV>(TV code) where TV : struct, IVector16<TV>
    {
        var value = TV.Xor(code, TV.Splat(0x55));
        var exponent = TV.And(TV.ShiftRightArithmetic(value, 4), TV.Splat(7));
        var segmented = TV.GreaterThan(exponent, TV.Splat(0));
        var mantissa = TV.Or(TV.And(value, TV.Splat(0x0F)), TV.And(segmented, TV.Splat(0x10)));
        var level = TV.Add(TV.ShiftLeft(mantissa, 4), TV.Splat(8));
        var shift = TV.Select(segmented, TV.Subtract(exponent, TV.Splat(1)), TV.Splat(0));
        var magnitude = TV.Multiply(level, PowerOfTwo(shift));
        var positive = TV.GreaterThan(value, TV.Splat(0x7F));
        return TV.Select(positive, magnitude, TV.Subtract(TV.Splat(0), magnitude));
    }

    /// <summary>2^e per lane for e in 0..7, from its three bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PowerOfTwo<TV>(TV exponent) where TV : struct, IVector16<TV>
    {
        var zero = TV.Splat(0);
        var one = TV.Splat(1);
        var p1 = TV.Select(TV.GreaterThan(TV.And(exponent, one), zero), TV.Splat(2), one);
        var p2 = TV.Select(TV.GreaterThan(TV.And(exponent, TV.Splat(2)), zero), TV.Splat(4), one);
        var p4 = TV.Select(TV.GreaterThan(TV.And(exponent, TV.Splat(4)), zero), TV.Splat(16), one);
        return TV.Multiply(TV.Multiply(p1, p2), p4);
    }
}
