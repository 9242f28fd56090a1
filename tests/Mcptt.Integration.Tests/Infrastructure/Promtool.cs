namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>promtool, Prometheus' own linter: rc 0 = valid and lint-clean, 1 = parse error, 3 = lint problems.</summary>
public static class Promtool
{
    public static Task<ProcessResult> CheckMetricsAsync(string exposition)
        => ProcessRunner.RunAsync(PeerTools.Promtool, ["check", "metrics"], TimeSpan.FromSeconds(20), standardInput: exposition);
}
