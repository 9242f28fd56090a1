namespace Mcptt.Client.Scripting;

/// <summary>Outcome of a script run: success, or the step that failed and why.</summary>
public sealed record ScriptResult(bool Success, ScriptStep? FailedStep, string Message)
{
    public static ScriptResult Passed(int steps) => new(true, null, $"all {steps} steps passed");

    public static ScriptResult Failed(ScriptStep step, string why) => new(false, step, $"FAILED {step}: {why}");
}

/// <summary>A step's expectation did not hold; the runner turns it into a <see cref="ScriptResult"/>.</summary>
public sealed class ScriptStepFailedException(string message) : Exception(message);
