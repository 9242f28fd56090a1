namespace Mcptt.Media.Tests.Support;

/// <summary>Measures managed allocations of a hot-path call on this thread (after a warm-up run for the JIT and statics).</summary>
internal static class Allocations
{
    public static long Of(Action action, int iterations = 200)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
