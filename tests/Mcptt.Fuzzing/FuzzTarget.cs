namespace Mcptt.Fuzzing;

/// <summary>
/// One network parser under fuzz. A target feeds the input to the parser the way the appliance (or the
/// mcptt-client) does when it reads the network, touches what the next layer would read, and checks the
/// target's crash rule. Whatever escapes <see cref="Run"/> is a crash for afl-fuzz and for
/// <c>Mcptt.Fuzzing run</c>; an invariant the parser breaks without throwing is reported by throwing
/// <see cref="FuzzFindingException"/>. Adding a target is one file in Targets/ (found by reflection),
/// a seed folder corpus/&lt;name&gt;/ and, where the grammar has keywords, dict/&lt;name&gt;.dict.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>Short name used on the command line, for the seed folder and the dictionary.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>Mcptt.Fuzzing list</c>: what is parsed and what counts as a crash.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Most bytes one input may make the managed heap allocate (unbounded allocation is a bug). Parsers
    /// copy their input a few times (UTF-16 text, header values, body), so the budget grows with it.
    /// </summary>
    public virtual long AllocationBudget(int inputLength) => (4L << 20) + 64L * inputLength;

    /// <summary>Parses one input; throws on a crash or a broken invariant.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);
}

/// <summary>A parser broke its contract without throwing (swallowed exception, round trip, bounds).</summary>
public sealed class FuzzFindingException(string message, Exception? inner = null) : Exception(message, inner);
