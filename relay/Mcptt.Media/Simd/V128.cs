using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mcptt.Media.Simd;

/// <summary><see cref="IVector16{TSelf}"/> over <see cref="Vector128{T}"/> (8 lanes of 16 bits).</summary>
internal readonly struct V128 : IVector16<V128>
{
    private readonly Vector128<short> _v;

    private V128(Vector128<short> v) => _v = v;

    public static int Count => Vector128<short>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Load(ref short source) => new(Vector128.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(V128 value, ref short destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 LoadBytes(ref byte source) =>
        new(Vector128.WidenLower(Vector128.Create(Vector64.LoadUnsafe(ref source), Vector64<byte>.Zero)).AsInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(V128 value, ref byte destination) =>
        Vector128.Narrow(value._v.AsUInt16(), value._v.AsUInt16()).GetLower().StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Splat(short value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Add(V128 a, V128 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Subtract(V128 a, V128 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Multiply(V128 a, V128 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 And(V128 a, V128 b) => new(a._v & b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Or(V128 a, V128 b) => new(a._v | b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Xor(V128 a, V128 b) => new(a._v ^ b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 ShiftRightArithmetic(V128 a, int count) => new(a._v >> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 ShiftLeft(V128 a, int count) => new(a._v << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 GreaterThan(V128 a, V128 b) => new(Vector128.GreaterThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Select(V128 mask, V128 ifTrue, V128 ifFalse) => new(Vector128.ConditionalSelect(mask._v, ifTrue._v, ifFalse._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Min(V128 a, V128 b) => new(Vector128.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AccumulateScaled(V128 value, int gainQ12, ref int accumulator)
    {
        var (low, high) = Vector128.Widen(value._v);
        var gain = Vector128.Create(gainQ12);
        ref int upper = ref Unsafe.Add(ref accumulator, Vector128<int>.Count);
        (Vector128.LoadUnsafe(ref accumulator) + ((low * gain) >> 12)).StoreUnsafe(ref accumulator);
        (Vector128.LoadUnsafe(ref upper) + ((high * gain) >> 12)).StoreUnsafe(ref upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 SubtractSaturate(ref int accumulator, V128 own, int gainQ12)
    {
        var (low, high) = Vector128.Widen(own._v);
        var gain = Vector128.Create(gainQ12);
        var a = Vector128.LoadUnsafe(ref accumulator) - ((low * gain) >> 12);
        var b = Vector128.LoadUnsafe(ref Unsafe.Add(ref accumulator, Vector128<int>.Count)) - ((high * gain) >> 12);
        return new(NarrowSaturate(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Saturate(ref int accumulator) => new(NarrowSaturate(
        Vector128.LoadUnsafe(ref accumulator), Vector128.LoadUnsafe(ref Unsafe.Add(ref accumulator, Vector128<int>.Count))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SumAbsolute(V128 value)
    {
        var (low, high) = Vector128.Widen(value._v);
        return Vector128.Sum(Vector128.Abs(low) + Vector128.Abs(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> NarrowSaturate(Vector128<int> a, Vector128<int> b)
    {
        var min = Vector128.Create((int)short.MinValue);
        var max = Vector128.Create((int)short.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(a, min, max), Vector128.Clamp(b, min, max));
    }
}
