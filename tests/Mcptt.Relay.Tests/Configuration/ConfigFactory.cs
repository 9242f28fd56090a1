using Mcptt.Relay.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Tests.Configuration;

internal static class ConfigFactory
{
    public static IConfiguration From(params (string Key, string? Value)[] settings)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    /// <summary>Loads and expects exactly one error; returns it.</summary>
    public static string SingleError(params (string Key, string? Value)[] settings)
    {
        var (options, errors) = OptionsLoader.Load(From(settings));
        Assert.Null(options);
        return Assert.Single(errors);
    }
}
