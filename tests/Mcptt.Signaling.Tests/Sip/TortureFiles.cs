namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Locates shared/conformance/rfc4475 beside the repository (the folder holding Mcptt.Relay.sln).</summary>
internal static class TortureFiles
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static string Directory => Folder.Value;

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".dat"));

    public static IEnumerable<string> AllNames()
    {
        foreach (var f in System.IO.Directory.GetFiles(Directory, "*.dat"))
            yield return Path.GetFileNameWithoutExtension(f);
    }

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mcptt.Relay.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Mcptt.Relay.sln not found above " + AppContext.BaseDirectory);
        string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "rfc4475"));
        // Beside the clone, or beside a folder above it (a git worktree in a subfolder of the team's directory).
        for (var above = dir.Parent; above is not null && !System.IO.Directory.Exists(path); above = above.Parent)
        {
            var candidate = Path.Combine(above.FullName, "shared", "conformance", "rfc4475");
            if (System.IO.Directory.Exists(candidate)) path = candidate;
        }
        if (!System.IO.Directory.Exists(path)) throw new InvalidOperationException("RFC 4475 messages not found at " + path);
        return path;
    }
}
