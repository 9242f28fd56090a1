using Mcptt.Relay.Configuration;
using Mcptt.Relay.Tests.Hosting;

namespace Mcptt.Relay.Tests.Configuration;

/// <summary>The only tests touching process environment variables; one class, so they never run in parallel with each other.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ConfigurationLayeringTests
{
    [Fact]
    public void Json_then_prefixed_environment_then_command_line()
    {
        var dir = Directory.CreateTempSubdirectory("mcptt-config-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ConfigurationSources.DefaultsFileName),
                """{ "Sip": { "UdpPort": 5001, "TcpPort": 5001, "Domain": "json.example" }, "Http": { "Port": 9001 } }""");
            Environment.SetEnvironmentVariable("MCPTT_Sip__UdpPort", "5002");
            Environment.SetEnvironmentVariable("MCPTT_Sip__TcpPort", "5002");
            Environment.SetEnvironmentVariable("Http__Port", "9999"); // unprefixed: must be ignored

            var configuration = ConfigurationSources.Build(["--Sip:TcpPort=5003"], dir.FullName);
            var (options, errors) = OptionsLoader.Load(configuration);

            Assert.Empty(errors);
            Assert.Equal("json.example", options!.Sip.Domain);
            Assert.Equal(5002, options.Sip.UdpPort);
            Assert.Equal(5003, options.Sip.TcpPort);
            Assert.Equal(9001, options.Http.Port);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MCPTT_Sip__UdpPort", null);
            Environment.SetEnvironmentVariable("MCPTT_Sip__TcpPort", null);
            Environment.SetEnvironmentVariable("Http__Port", null);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Malformed_defaults_file_raises_an_exception_the_host_reports_as_a_configuration_error()
    {
        var dir = Directory.CreateTempSubdirectory("mcptt-config-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ConfigurationSources.DefaultsFileName), "{ \"Sip\": { ");

            var e = Record.Exception(() => ConfigurationSources.Build([], dir.FullName));

            // ApplianceHost catches exactly these types and prints them as one configuration-error line.
            Assert.True(e is InvalidDataException or FormatException, e?.GetType().FullName ?? "no exception");
            Assert.Contains(ConfigurationSources.DefaultsFileName, e!.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
