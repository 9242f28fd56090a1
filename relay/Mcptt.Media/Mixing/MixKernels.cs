using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mcptt.Media.Simd;

namespace Mcptt.Media.Mixing;

/// <summary>
/// The mixer's per-frame loops, generic over the vector width (see <see cref="IVector16{TSelf}"/>) with a
/// scalar tail. Sums are 32-bit and saturate once, when narrowed back to 16 bits: no wrap, and the order in
/// which participants are added does not matter.
/// </summary>
internal static class MixKernels
{
    public const int UnityGain = 4096; // Q12

    public static int SumAbsolute(SimdWidth width, ReadOnlySpan<short> input) => width switch
    {
        SimdWidth.Vector512 => SumAbsolute<V512>(input),
        SimdWidth.Vector256 => SumAbsolute<V256>(input),
        SimdWidth.Vector128 => SumAbsolute<V128>(input),
        _ => SumAbsoluteTail(input, 0),
    };

    public static void Accumulate(SimdWidth width, ReadOnlySpan<short> input, int gainQ12, Span<int> sum)
    {
        switch (width)
        {
            case SimdWidth.Vector512: Accumulate<V512>(input, gainQ12, sum); break;
            case SimdWidth.Vector256: Accumulate<V256>(input, gainQ12, sum); break;
            case SimdWidth.Vector128: Accumulate<V128>(input, gainQ12, sum); break;
            default: AccumulateTail(input, gainQ12, sum, 0); break;
        }
    }

    /// <summary>output = saturate(sum − own × gain); with an empty <paramref name="own"/>, saturate(sum).</summary>
    public static void MixOut(SimdWidth width, ReadOnlySpan<int> sum, ReadOnlySpan<short> own, int gainQ12, Span<short> output)
    {
        switch (width)
        {
            case SimdWidth.Vector512: MixOut<V512>(sum, own, gainQ12, output); break;
            case SimdWidth.Vector256: MixOut<V256>(sum, own, gainQ12, output); break;
            case SimdWidth.Vector128: MixOut<V128>(sum, own, gainQ12, output); break;
            default: MixOutTail(sum, own, gainQ12, output, 0); break;
        }
    }

    private static int SumAbsolute<TV>(ReadOnlySpan<short> input) where TV : struct, IVector16<TV>
    {
        ref short src = ref MemoryMarshal.GetReference(input);
        int total = 0, i = 0;
        for (; i <= input.Length - TV.Count; i += TV.Count) total += TV.SumAbsolute(TV.Load(ref Unsafe.Add(ref src, i)));
        return total + SumAbsoluteTail(input, i);
    }

    private static void Accumulate<TV>(ReadOnlySpan<short> input, int gainQ12, Span<int> sum) where TV : struct, IVector16<TV>
    {
        ref short src = ref MemoryMarshal.GetReference(input);
        ref int acc = ref MemoryMarshal.GetReference(sum);
        int i = 0;
        for (; i <= input.Length - TV.Count; i += TV.Count)
            TV.AccumulateScaled(TV.Load(ref Unsafe.Add(ref src, i)), gainQ12, ref Unsafe.Add(ref acc, i));
        AccumulateTail(input, gainQ12, sum, i);
    }

    private static void MixOut<TV>(ReadOnlySpan<int> sum, ReadOnlySpan<short> own, int gainQ12, Span<short> output) where TV : struct, IVector16<TV>
    {
        ref int acc = ref MemoryMarshal.GetReference(sum);
        ref short dst = ref MemoryMarshal.GetReference(output);
        ref short mine = ref MemoryMarshal.GetReference(own);
        int i = 0;
        if (own.IsEmpty)
        {
            for (; i <= output.Length - TV.Count; i += TV.Count)
                TV.Store(TV.Saturate(ref Unsafe.Add(ref acc, i)), ref Unsafe.Add(ref dst, i));
        }
        else
        {
            for (; i <= output.Length - TV.Count; i += TV.Count)
                TV.Store(TV.SubtractSaturate(ref Unsafe.Add(ref acc, i), TV.Load(ref Unsafe.Add(ref mine, i)), gainQ12), ref Unsafe.Add(ref dst, i));
        }
        MixOutTail(sum, own, gainQ12, output, i);
    }

    private static int SumAbsoluteTail(ReadOnlySpan<short> input, int from)
    {
        int total = 0;
        for (int i = from; i < input.Length; i++) total += Math.Abs((int)input[i]);
        return total;
    }

    private static void AccumulateTail(ReadOnlySpan<short> input, int gainQ12, Span<int> sum, int from)
    {
        for (int i = from; i < input.Length; i++) sum[i] += (input[i] * gainQ12) >> 12;
    }

    private static void MixOutTail(ReadOnlySpan<int> sum, ReadOnlySpan<short> own, int gainQ12, Span<short> output, int from)
    {
        for (int i = from; i < output.Length; i++)
        {
            int value = own.IsEmpty ? sum[i] : sum[i] - ((own[i] * gainQ12) >> 12);
            output[i] = (short)Math.Clamp(value, short.MinValue, short.MaxValue);
        }
    }
}
