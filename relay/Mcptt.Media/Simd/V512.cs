using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mcptt.Media.Simd;

/// <summary><see cref="IVector16{TSelf}"/> over <see cref="Vector512{T}"/> (32 lanes of 16 bits).</summary>
internal readonly struct V512 : IVector16<V512>
{
    private readonly Vector512<short> _v;

    private V512(Vector512<short> v) => _v = v;

    public static int Count => Vector512<short>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Load(ref short source) => new(Vector512.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(V512 value, ref short destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 LoadBytes(ref byte source) =>
        new(Vector512.WidenLower(Vector512.Create(Vector256.LoadUnsafe(ref source), Vector256<byte>.Zero)).AsInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(V512 value, ref byte destination) =>
        Vector512.Narrow(value._v.AsUInt16(), value._v.AsUInt16()).GetLower().StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Splat(short value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Add(V512 a, V512 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Subtract(V512 a, V512 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Multiply(V512 a, V512 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 And(V512 a, V512 b) => new(a._v & b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Or(V512 a, V512 b) => new(a._v | b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Xor(V512 a, V512 b) => new(a._v ^ b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 ShiftRightArithmetic(V512 a, int count) => new(a._v >> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 ShiftLeft(V512 a, int count) => new(a._v << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 GreaterThan(V512 a, V512 b) => new(Vector512.GreaterThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Select(V512 mask, V512 ifTrue, V512 ifFalse) => new(Vector512.ConditionalSelect(mask._v, ifTrue._v, ifFalse._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Min(V512 a, V512 b) => new(Vector512.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AccumulateScaled(V512 value, int gainQ12, ref int accumulator)
    {
        var (low, high) = Vector512.Widen(value._v);
        var gain = Vector512.Create(gainQ12);
        ref int upper = ref Unsafe.Add(ref accumulator, Vector512<int>.Count);
        (Vector512.LoadUnsafe(ref accumulator) + ((low * gain) >> 12)).StoreUnsafe(ref accumulator);
        (Vector512.LoadUnsafe(ref upper) + ((high * gain) >> 12)).StoreUnsafe(ref upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 SubtractSaturate(ref int accumulator, V512 own, int gainQ12)
    {
        var (low, high) = Vector512.Widen(own._v);
        var gain = Vector512.Create(gainQ12);
        var a = Vector512.LoadUnsafe(ref accumulator) - ((low * gain) >> 12);
        var b = Vector512.LoadUnsafe(ref Unsafe.Add(ref accumulator, Vector512<int>.Count)) - ((high * gain) >> 12);
        return new(NarrowSaturate(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Saturate(ref int accumulator) => new(NarrowSaturate(
        Vector512.LoadUnsafe(ref accumulator), Vector512.LoadUnsafe(ref Unsafe.Add(ref accumulator, Vector512<int>.Count))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SumAbsolute(V512 value)
    {
        var (low, high) = Vector512.Widen(value._v);
        return Vector512.Sum(Vector512.Abs(low) + Vector512.Abs(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> NarrowSaturate(Vector512<int> a, Vector512<int> b)
    {
        var min = Vector512.Create((int)short.MinValue);
        var max = Vector512.Create((int)short.MaxValue);
        return Vector512.Narrow(Vector512.Clamp(a, min, max), Vector512.Clamp(b, min, max));
    }
}
