namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>A scratch directory under /tmp, deleted on dispose unless MCPTT_KEEP_TEST_FILES=1 (for post-mortems).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"mcptt-{prefix}-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("MCPTT_KEEP_TEST_FILES") == "1") return;
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
