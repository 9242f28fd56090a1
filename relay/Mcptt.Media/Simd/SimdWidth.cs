namespace Mcptt.Media.Simd;

/// <summary>Which implementation a SIMD kernel uses; <see cref="Auto"/> takes the widest the CPU accelerates.</summary>
public enum SimdWidth
{
    Auto,
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>What this machine accelerates.</summary>
public static class SimdSupport
{
    /// <summary>The width <see cref="SimdWidth.Auto"/> resolves to on this machine.</summary>
    public static SimdWidth Widest { get; } =
        V512.IsHardwareAccelerated ? SimdWidth.Vector512 :
        V256.IsHardwareAccelerated ? SimdWidth.Vector256 :
        V128.IsHardwareAccelerated ? SimdWidth.Vector128 : SimdWidth.Scalar;

    /// <summary>Whether this machine can run <paramref name="width"/> with hardware acceleration.</summary>
    public static bool IsSupported(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => V512.IsHardwareAccelerated,
        SimdWidth.Vector256 => V256.IsHardwareAccelerated,
        SimdWidth.Vector128 => V128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary><see cref="SimdWidth.Auto"/> resolved; an unsupported width falls back to the widest supported.</summary>
    public static SimdWidth Resolve(SimdWidth width) => width == SimdWidth.Auto || !IsSupported(width) ? Widest : width;
}
