namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>How a bounded process run ended. <see cref="ExitCode"/> is -1 when it had to be killed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr, bool TimedOut, TimeSpan Duration)
{
    /// <summary>Everything needed to understand a failure, for assertion messages.</summary>
    public string Describe(int maxChars = 4000)
        => $"`{Command}` -> rc={ExitCode}{(TimedOut ? " (TIMED OUT, killed)" : "")} after {Duration.TotalSeconds:F1} s\n" +
           $"--- stdout ---\n{Tail(StdOut, maxChars)}\n--- stderr ---\n{Tail(StdErr, maxChars)}";

    internal static string Tail(string text, int maxChars)
        => text.Length <= maxChars ? text : "..." + text[^maxChars..];
}
