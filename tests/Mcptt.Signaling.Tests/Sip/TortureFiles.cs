namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Locates shared/conformance/rfc4475 beside the repository (the folder holding Mcptt.Relay.sln), else the
/// copy in tests/Mcptt.Fuzzing/corpus/sip.</summary>
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
        if (System.IO.Directory.Exists(path)) return path;
        // The repository keeps the same 49 messages (bit-exact) as the fuzzer's SIP seeds: a checkout without
        // shared/ beside it (a git worktree, a plain clone) still runs the torture suite.
        string kept = Path.Combine(dir.FullName, "tests", "Mcptt.Fuzzing", "corpus", "sip");
        if (System.IO.Directory.Exists(kept)) return kept;
        throw new InvalidOperationException("RFC 4475 messages not found at " + path + " nor " + kept);
    }
}
