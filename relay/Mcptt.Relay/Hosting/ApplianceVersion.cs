using System.Reflection;

namespace Mcptt.Relay.Hosting;

/// <summary>Version and source revision of this build, from the assembly's informational version ("1.0.0+sha").</summary>
public static class ApplianceVersion
{
    private static readonly string Informational =
        typeof(ApplianceVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version => Informational.Split('+')[0];

    public static string Revision => Informational.Contains('+') ? Informational[(Informational.IndexOf('+') + 1)..] : "unknown";
}
