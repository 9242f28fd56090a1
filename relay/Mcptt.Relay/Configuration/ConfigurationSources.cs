using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Configuration;

/// <summary>
/// The three layers, later wins: appsettings.json beside the executable (the shipped defaults),
/// environment variables prefixed MCPTT_ (MCPTT_Sip__UdpPort=5070), command line (--Sip:UdpPort=5070).
/// Unprefixed environment variables are deliberately ignored: an appliance must not change behaviour
/// because some unrelated variable happens to be called "Http__Port".
/// </summary>
public static class ConfigurationSources
{
    public const string EnvironmentPrefix = "MCPTT_";
    public const string DefaultsFileName = "appsettings.json";

    public static IConfigurationRoot Build(string[] args, string? baseDirectory = null)
    {
        var directory = baseDirectory ?? AppContext.BaseDirectory;
        return new ConfigurationBuilder()
            .SetBasePath(directory)
            .AddJsonFile(DefaultsFileName, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args)
            .Build();
    }
}
