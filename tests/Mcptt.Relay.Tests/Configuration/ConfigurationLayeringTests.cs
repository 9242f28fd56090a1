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
    [Fact]
    public void Site_file_sits_between_the_defaults_and_the_environment()
    {
        var dir = Directory.CreateTempSubdirectory("mcptt-config-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ConfigurationSources.DefaultsFileName),
                """{ "Sip": { "UdpPort": 5001, "TcpPort": 5001, "Domain": "json.example" }, "Http": { "Port": 9001 } }""");
            var site = Path.Combine(dir.FullName, "site.json");
            File.WriteAllText(site, """
                { "Sip": { "UdpPort": 5010, "TcpPort": 5010 }, "Http": { "Port": 9010 },
                  "Auth": { "Users": { "u1": "p1" } },
                  "Groups": [ { "Uri": "sip:g1@127.0.0.1", "Members": [ "u1", "alice" ] } ],
                  "GroupCalls": { "MaxSessions": 2000 } }
                """);
            Environment.SetEnvironmentVariable("MCPTT_Sip__UdpPort", "5002");
            Environment.SetEnvironmentVariable("MCPTT_ConfigFile", site);

            var configuration = ConfigurationSources.Build(["--Sip:TcpPort=5003"], dir.FullName);
            var (options, errors) = OptionsLoader.Load(configuration);

            Assert.Empty(errors);
            Assert.Equal("json.example", options!.Sip.Domain);
            Assert.Equal(9010, options.Http.Port);
            Assert.Equal(5002, options.Sip.UdpPort);
            Assert.Equal(5003, options.Sip.TcpPort);
            Assert.Equal("p1", options.Auth.Users["u1"]);
            Assert.Equal(["u1", "alice"], Assert.Single(options.Groups).Members);
            Assert.Equal(2000, options.GroupCalls.MaxSessions);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MCPTT_Sip__UdpPort", null);
            Environment.SetEnvironmentVariable("MCPTT_ConfigFile", null);
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--ConfigFile=/nonexistent/mcptt-site.json", "ConfigFile (\"/nonexistent/mcptt-site.json\") does not exist or is not a file")]
    [InlineData("--ConfigFile= ", "ConfigFile is empty; give the path of a JSON settings file")]
    public void Missing_site_file_is_a_configuration_error_naming_the_setting(string argument, string message)
    {
        var e = Record.Exception(() => ConfigurationSources.Build([argument], AppContext.BaseDirectory));

        Assert.IsType<InvalidDataException>(e);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Malformed_site_file_names_the_file()
    {
        var site = Path.Combine(Path.GetTempPath(), $"mcptt-site-{Guid.NewGuid():N}.json");
        File.WriteAllText(site, "{ \"Sip\": ");
        try
        {
            var e = Record.Exception(() => ConfigurationSources.Build([$"--ConfigFile={site}"], AppContext.BaseDirectory));

            Assert.True(e is InvalidDataException or FormatException, e?.GetType().FullName ?? "no exception");
            Assert.Contains(Path.GetFileName(site), e!.Message);
        }
        finally
        {
            File.Delete(site);
        }
    }
}
