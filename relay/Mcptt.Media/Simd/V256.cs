using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mcptt.Media.Simd;

/// <summary><see cref="IVector16{TSelf}"/> over <see cref="Vector256{T}"/> (16 lanes of 16 bits).</summary>
internal readonly struct V256 : IVector16<V256>
{
    private readonly Vector256<short> _v;

    private V256(Vector256<short> v) => _v = v;

    public static int Count => Vector256<short>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Load(ref short source) => new(Vector256.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(V256 value, ref short destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 LoadBytes(ref byte source) =>
        new(Vector256.WidenLower(Vector256.Create(Vector128.LoadUnsafe(ref source), Vector128<byte>.Zero)).AsInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(V256 value, ref byte destination) =>
        Vector256.Narrow(value._v.AsUInt16(), value._v.AsUInt16()).GetLower().StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Splat(short value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Add(V256 a, V256 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Subtract(V256 a, V256 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Multiply(V256 a, V256 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 And(V256 a, V256 b) => new(a._v & b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Or(V256 a, V256 b) => new(a._v | b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Xor(V256 a, V256 b) => new(a._v ^ b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 ShiftRightArithmetic(V256 a, int count) => new(a._v >> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 ShiftLeft(V256 a, int count) => new(a._v << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 GreaterThan(V256 a, V256 b) => new(Vector256.GreaterThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Select(V256 mask, V256 ifTrue, V256 ifFalse) => new(Vector256.ConditionalSelect(mask._v, ifTrue._v, ifFalse._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Min(V256 a, V256 b) => new(Vector256.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AccumulateScaled(V256 value, int gainQ12, ref int accumulator)
    {
        var (low, high) = Vector256.Widen(value._v);
        var gain = Vector256.Create(gainQ12);
        ref int upper = ref Unsafe.Add(ref accumulator, Vector256<int>.Count);
        (Vector256.LoadUnsafe(ref accumulator) + ((low * gain) >> 12)).StoreUnsafe(ref accumulator);
        (Vector256.LoadUnsafe(ref upper) + ((high * gain) >> 12)).StoreUnsafe(ref upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 SubtractSaturate(ref int accumulator, V256 own, int gainQ12)
    {
        var (low, high) = Vector256.Widen(own._v);
        var gain = Vector256.Create(gainQ12);
        var a = Vector256.LoadUnsafe(ref accumulator) - ((low * gain) >> 12);
        var b = Vector256.LoadUnsafe(ref Unsafe.Add(ref accumulator, Vector256<int>.Count)) - ((high * gain) >> 12);
        return new(NarrowSaturate(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Saturate(ref int accumulator) => new(NarrowSaturate(
        Vector256.LoadUnsafe(ref accumulator), Vector256.LoadUnsafe(ref Unsafe.Add(ref accumulator, Vector256<int>.Count))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SumAbsolute(V256 value)
    {
        var (low, high) = Vector256.Widen(value._v);
        return Vector256.Sum(Vector256.Abs(low) + Vector256.Abs(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> NarrowSaturate(Vector256<int> a, Vector256<int> b)
    {
        var min = Vector256.Create((int)short.MinValue);
        var max = Vector256.Create((int)short.MaxValue);
        return Vector256.Narrow(Vector256.Clamp(a, min, max), Vector256.Clamp(b, min, max));
    }
}
