namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>What one sipp run did: exit code (0 all calls ok, 1 some failed, 255 -timeout_error hit,
/// 254 bind failure), output, final statistics and its screen log.</summary>
public sealed record SippResult(ProcessResult Process, SippStats? Stats, string ScreenLog)
{
    public int ExitCode => Process.ExitCode;
    public int SuccessfulCalls => Stats?.SuccessfulCalls ?? 0;
    public int FailedCalls => Stats?.FailedCalls ?? 0;

    public string Describe() => $"{Process.Describe(3000)}\n--- stats ---\n{Stats?.ToString() ?? "(none)"}\n--- screen ---\n{ProcessResult.Tail(ScreenLog, 3000)}";
}

/// <summary>
/// Runs sipp headless and bounded. Always adds -nostdin, -trace_stat/-stf and -trace_screen/-screen_file into a
/// private working directory, so statistics can be read back. Give sipp its own -m and -timeout so it ends by
/// itself; <c>timeout</c> here is the hard stop (kill) on top of that.
/// </summary>
public static class SippRunner
{
    /// <summary>A scenario shipped in Peers/sipp (register.xml, uas_rr.xml, uac_proxy.xml, uac_proxy_rtpstream.xml).</summary>
    public static string Scenario(string fileName) => RepoPaths.Peers("sipp", fileName);

    /// <summary>Renders a scenario template replacing @KEY@ placeholders (e.g. @TONE_ULAW_WAV@) into <paramref name="directory"/>.</summary>
    public static string RenderScenario(string fileName, string directory, IReadOnlyDictionary<string, string> values)
    {
        var text = File.ReadAllText(Scenario(fileName));
        foreach (var (key, value) in values) text = text.Replace($"@{key}@", value, StringComparison.Ordinal);
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// Runs sipp to completion. <paramref name="scenarioPath"/> is an -sf file, or null when
    /// <paramref name="arguments"/> choose a built-in (-sn uac). Arguments are the usual sipp ones
    /// (remote host:port, -p, -i, -m, -r, -s, -ap, -timeout ...).
    /// </summary>
    public static async Task<SippResult> RunAsync(string? scenarioPath, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var work = new TempDirectory("sipp");
        var (args, stats, screen) = Arguments(scenarioPath, arguments, work);
        var process = await ProcessRunner.RunAsync(PeerTools.Sipp, args, timeout, work.Path).ConfigureAwait(false);
        return new SippResult(process, SippStats.Parse(stats), File.Exists(screen) ? File.ReadAllText(screen) : "");
    }

    /// <summary>Starts sipp in the background (a UAS waiting for calls); await <see cref="BackgroundSipp.WaitAsync"/>
    /// for its result. Give it -m N so it exits by itself after N calls.</summary>
    public static BackgroundSipp Start(string? scenarioPath, IEnumerable<string> arguments)
    {
        var work = new TempDirectory("sipp");
        var (args, stats, screen) = Arguments(scenarioPath, arguments, work);
        return new BackgroundSipp(ProcessRunner.Start(PeerTools.Sipp, args, work.Path), work, stats, screen);
    }

    private static (List<string> Args, string Stats, string Screen) Arguments(string? scenarioPath, IEnumerable<string> arguments, TempDirectory work)
    {
        var stats = work.File("stats.csv");
        var screen = work.File("screen.log");
        var args = new List<string>();
        if (scenarioPath is not null) args.AddRange(["-sf", scenarioPath]);
        args.AddRange(arguments);
        args.AddRange(["-nostdin", "-trace_stat", "-stf", stats, "-trace_screen", "-screen_file", screen]);
        return (args, stats, screen);
    }
}

public sealed class BackgroundSipp : IAsyncDisposable
{
    private readonly TempDirectory _work;
    private readonly string _stats;
    private readonly string _screen;

    internal BackgroundSipp(RunningProcess process, TempDirectory work, string stats, string screen)
    {
        Process = process;
        _work = work;
        _stats = stats;
        _screen = screen;
    }

    public RunningProcess Process { get; }

    /// <summary>Waits for sipp to exit by itself; kills it after <paramref name="timeout"/> (the result then says TimedOut).</summary>
    public async Task<SippResult> WaitAsync(TimeSpan timeout)
    {
        var rc = await Process.WaitForExitAsync(timeout).ConfigureAwait(false);
        if (rc is null) await Process.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        return new SippResult(Process.ToResult(timedOut: rc is null), SippStats.Parse(_stats), File.Exists(_screen) ? File.ReadAllText(_screen) : "");
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        _work.Dispose();
    }
}
