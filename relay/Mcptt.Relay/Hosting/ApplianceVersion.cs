using System.Reflection;

namespace Mcptt.Relay.Hosting;

/// <summary>Version and source revision of this build, from the assembly's informational version ("1.0.0+sha"; the SDK
/// appends the git commit when building from a clone, nothing when building from a tarball).</summary>
public static class ApplianceVersion
{
    private static readonly string Informational =
        typeof(ApplianceVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version => Informational.Split('+')[0];

    /// <summary>The commit, abbreviated to 12 hex digits like `git rev-parse --short=12`; "unknown" without git.</summary>
    public static string Revision
    {
        get
        {
            int plus = Informational.IndexOf('+');
            if (plus < 0) return "unknown";
            var sha = Informational[(plus + 1)..];
            return sha.Length > 12 ? sha[..12] : sha;
        }
    }
}
