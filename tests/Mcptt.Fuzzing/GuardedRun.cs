namespace Mcptt.Fuzzing;

/// <summary>
/// Runs one input through a target with the checks that apply to every parser: the allocation budget,
/// and the last exception thrown inside the parser (first chance), so that a parser whose catch-all
/// turned a bug into an error value can be reported with the stack trace it swallowed.
/// </summary>
internal static class GuardedRun
{
    [ThreadStatic] private static Exception? _lastFirstChance;
    private static int _hooked;

    /// <summary>Bytes the last <see cref="Run"/> allocated on the managed heap.</summary>
    public static long LastAllocated { get; private set; }

    /// <summary>The most recent exception thrown on this thread since <see cref="Run"/> began, caught or not.</summary>
    public static Exception? LastSwallowed => _lastFirstChance;

    public static void Run(FuzzTarget target, ReadOnlySpan<byte> input)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
            AppDomain.CurrentDomain.FirstChanceException += (_, e) => _lastFirstChance = e.Exception;
        _lastFirstChance = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        target.Run(input);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        LastAllocated = allocated;
        long budget = target.AllocationBudget(input.Length);
        if (allocated > budget)
            throw new FuzzFindingException($"{target.Name}: {allocated} bytes allocated for a {input.Length}-byte input (budget {budget})");
    }

    /// <summary>Throws when a parser reported an error that only its catch-all produces.</summary>
    public static void ThrowIfSwallowed(bool caughtByCatchAll, string parser)
    {
        if (caughtByCatchAll)
            throw new FuzzFindingException(parser + " threw and its catch-all turned it into an error value", LastSwallowed);
    }
}
