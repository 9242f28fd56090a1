namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// Locates the third-party peers the integration tests drive. A missing tool FAILS the test with the command
/// that installs it; tests are never skipped silently.
/// </summary>
public static class PeerTools
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin"];

    public static string Sipp => Require("sipp");
    public static string Baresip => Require("baresip");
    public static string Tshark => Require("tshark");
    public static string Prometheus => Require("prometheus");
    public static string Promtool => Require("promtool");
    public static string Sox => Require("sox");
    public static string Kamailio => Require("kamailio");

    /// <summary>The dotnet host running these tests (so the appliance runs on the same runtime).</summary>
    public static string Dotnet
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
            var main = Environment.ProcessPath;
            if (main is not null && Path.GetFileNameWithoutExtension(main) == "dotnet") return main;
            return Find("dotnet") ?? Require("dotnet");
        }
    }

    /// <summary>Absolute path of <paramref name="tool"/>, or a test failure saying how to install it.</summary>
    public static string Require(string tool)
        => Find(tool) ?? throw new Xunit.Sdk.XunitException(
            $"'{tool}' is not installed (not on PATH). Run `sudo tools/install-test-deps.sh` from the repository root " +
            "to install the integration-test peers (sipp, baresip, tshark, prometheus, sox, kamailio), then re-run the tests.");

    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
