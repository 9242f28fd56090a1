namespace Mcptt.Media.Simd;

/// <summary>
/// The few 16-bit-lane operations the G.711 and mixer kernels need, implemented once per register width
/// (<see cref="V128"/>, <see cref="V256"/>, <see cref="V512"/>). Kernels are generic over this interface and
/// constrained to structs, so the JIT compiles one specialised copy per width with every call inlined: one
/// source for every width, the speed of hand-written intrinsics. (The BCL's ISimdVector is not public.)
/// </summary>
internal interface IVector16<TSelf> where TSelf : struct, IVector16<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract bool IsHardwareAccelerated { get; }

    static abstract TSelf Load(ref short source);

    static abstract void Store(TSelf value, ref short destination);

    /// <summary>Loads Count bytes and zero-extends each to a 16-bit lane.</summary>
    static abstract TSelf LoadBytes(ref byte source);

    /// <summary>Stores the low byte of each lane (values must be 0..255).</summary>
    static abstract void StoreBytes(TSelf value, ref byte destination);

    static abstract TSelf Splat(short value);

    static abstract TSelf Add(TSelf a, TSelf b);

    static abstract TSelf Subtract(TSelf a, TSelf b);

    /// <summary>Low 16 bits of the lane-wise product.</summary>
    static abstract TSelf Multiply(TSelf a, TSelf b);

    static abstract TSelf And(TSelf a, TSelf b);

    static abstract TSelf Or(TSelf a, TSelf b);

    static abstract TSelf Xor(TSelf a, TSelf b);

    static abstract TSelf ShiftRightArithmetic(TSelf a, int count);

    static abstract TSelf ShiftLeft(TSelf a, int count);

    /// <summary>All-ones lanes where a &gt; b (signed), zero elsewhere.</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    /// <summary>Lanes of <paramref name="ifTrue"/> where mask is all ones, of <paramref name="ifFalse"/> elsewhere.</summary>
    static abstract TSelf Select(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>accumulator[0..Count) += (lane × gainQ12) &gt;&gt; 12, in 32-bit lanes.</summary>
    static abstract void AccumulateScaled(TSelf value, int gainQ12, ref int accumulator);

    /// <summary>Saturates accumulator[0..Count) − (own × gainQ12 &gt;&gt; 12) to 16 bits.</summary>
    static abstract TSelf SubtractSaturate(ref int accumulator, TSelf own, int gainQ12);

    /// <summary>Saturates accumulator[0..Count) to 16 bits.</summary>
    static abstract TSelf Saturate(ref int accumulator);

    /// <summary>Sum of |lane| (widened, so −32768 counts as 32768).</summary>
    static abstract int SumAbsolute(TSelf value);
}
