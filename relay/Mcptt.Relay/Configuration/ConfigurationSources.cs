using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Configuration;

/// <summary>
/// The layers, later wins: appsettings.json beside the executable (the shipped defaults), the site file named by
/// <see cref="ConfigFileKey"/> (optional), environment variables prefixed MCPTT_ (MCPTT_Sip__UdpPort=5070),
/// command line (--Sip:UdpPort=5070). Unprefixed environment variables are deliberately ignored: an appliance
/// must not change behaviour because some unrelated variable happens to be called "Http__Port".
/// </summary>
public static class ConfigurationSources
{
    public const string EnvironmentPrefix = "MCPTT_";
    public const string DefaultsFileName = "appsettings.json";

    /// <summary>
    /// Path of a JSON file in appsettings.json's format (--ConfigFile=/etc/mcptt/site.json or MCPTT_ConfigFile=...),
    /// relative paths from the working directory. For settings too many for a command line (thousands of users and
    /// groups) or kept apart from the shipped defaults. It may only be given in the environment or on the command
    /// line: a file naming another file would make the layering depend on reading order.
    /// </summary>
    public const string ConfigFileKey = "ConfigFile";

    /// <exception cref="InvalidDataException">The site file is missing, or a file is not valid JSON.</exception>
    public static IConfigurationRoot Build(string[] args, string? baseDirectory = null)
    {
        var directory = baseDirectory ?? AppContext.BaseDirectory;
        var overrides = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine(args).Build();
        var builder = new ConfigurationBuilder()
            .SetBasePath(directory)
            .AddJsonFile(DefaultsFileName, optional: true, reloadOnChange: false);
        if (overrides[ConfigFileKey] is { } siteFile)
            builder.AddJsonFile(SiteFilePath(siteFile), optional: false, reloadOnChange: false);
        return builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args)
            .Build();
    }

    private static string SiteFilePath(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0) throw new InvalidDataException($"{ConfigFileKey} is empty; give the path of a JSON settings file");
        var path = Path.GetFullPath(trimmed);
        if (!File.Exists(path)) throw new InvalidDataException($"{ConfigFileKey} (\"{trimmed}\") does not exist or is not a file");
        return path;
    }
}
