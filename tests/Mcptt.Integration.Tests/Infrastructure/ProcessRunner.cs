using System.Diagnostics;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Starts external programs with arguments as a list (no shell), bounded in time.</summary>
public static class ProcessRunner
{
    /// <summary>Runs to completion; past <paramref name="timeout"/> the process tree is killed and
    /// <see cref="ProcessResult.TimedOut"/> is set. <paramref name="standardInput"/> is written then stdin is closed.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null)
    {
        await using var process = Start(fileName, arguments, workingDirectory, environment, closeStdin: false);
        await process.WriteStdinAndCloseAsync(standardInput).ConfigureAwait(false);
        var rc = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        if (rc is null)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return process.ToResult(timedOut: true);
        }
        return process.ToResult();
    }

    /// <summary>Starts a long-running process (a peer, the appliance). Its stdin stays open until
    /// <see cref="RunningProcess.WriteStdinAndCloseAsync"/>; pass <paramref name="closeStdin"/> for programs that must see EOF.</summary>
    public static RunningProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool closeStdin = true)
    {
        var startInfo = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory ?? "" };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment)
                if (value is null) startInfo.Environment.Remove(key);
                else startInfo.Environment[key] = value;
        var process = new RunningProcess(startInfo);
        if (closeStdin) process.WriteStdinAndCloseAsync(null).GetAwaiter().GetResult();
        return process;
    }
}
