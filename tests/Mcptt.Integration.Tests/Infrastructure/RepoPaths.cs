namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Where things are: the test output directory (appliance, peer templates) and the repository root.</summary>
public static class RepoPaths
{
    public const string SolutionFileName = "Mcptt.Relay.sln";

    /// <summary>The directory holding the built test assembly, mcptt-relay.dll and Peers/.</summary>
    public static string OutputDirectory => AppContext.BaseDirectory;

    /// <summary>Peer configuration templates owned by this repository (copied to the output directory).</summary>
    public static string Peers(params string[] parts) => Path.Combine([OutputDirectory, "Peers", .. parts]);

    /// <summary>The repository root, found by walking up from the output directory to <see cref="SolutionFileName"/>.</summary>
    public static string RepoRoot => LazyRoot.Value;

    /// <summary>The team's shared documents beside the clone (../shared), or beside a folder above it (a git worktree
    /// in a subfolder); may be absent (then ../shared).</summary>
    public static string SharedDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "shared"))) return Path.Combine(dir.FullName, "shared");
            return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        }
    }

    public static string InstallScript => Path.Combine(RepoRoot, "tools", "install-test-deps.sh");

    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(OutputDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName))) return dir.FullName;
        throw new InvalidOperationException($"{SolutionFileName} not found above {OutputDirectory}");
    });
}
