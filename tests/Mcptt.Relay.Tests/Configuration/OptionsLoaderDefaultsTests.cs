using System.Net;
using Mcptt.Relay.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Tests.Configuration;

public sealed class OptionsLoaderDefaultsTests
{
    [Fact]
    public void Empty_configuration_gives_the_documented_defaults()
    {
        var (options, errors) = OptionsLoader.Load(ConfigFactory.From());

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(IPAddress.Loopback, options.Sip.Address);
        Assert.Equal(5060, options.Sip.UdpPort);
        Assert.Equal(5060, options.Sip.TcpPort);
        Assert.Equal("127.0.0.1", options.Sip.EffectiveDomain);
        Assert.Equal(30000, options.Media.PortMin);
        Assert.Equal(39999, options.Media.PortMax);
        Assert.Equal(MediaEngineKind.Auto, options.Media.Engine);
        Assert.Equal(60, options.Media.MediaTimeoutSeconds);
        Assert.False(options.Media.BusyPoll);
        Assert.Equal(0, options.Media.RealtimePriority);
        Assert.Equal(0, options.Media.SocketBufferBytes);
        Assert.Equal(9180, options.Http.Port);
        Assert.True(options.Ng.Enabled);
        Assert.Equal(2223, options.Ng.Port);
        Assert.True(options.Auth.Enabled);
        Assert.Equal("127.0.0.1", options.Auth.Realm);
        Assert.Equal(AuthOptions.DemoUserNames.Count, options.Auth.Users.Count);
        Assert.Equal("secret", options.Auth.Users["alice"]);
        Assert.Empty(options.Groups);
        Assert.Equal(4000, options.Floor.T1EndOfRtpMediaMs);
    }

    [Fact]
    public void Shipped_appsettings_json_matches_the_code_defaults()
    {
        var path = Path.Combine(AppContext.BaseDirectory, ConfigurationSources.DefaultsFileName);
        Assert.True(File.Exists(path), $"{path} is not copied to the output directory");
        var fromFile = OptionsLoader.Load(new ConfigurationBuilder().AddJsonFile(path).Build());
        var fromCode = OptionsLoader.Load(ConfigFactory.From());

        Assert.Empty(fromFile.Errors);
        Assert.Equal(fromCode.Options!.Sip, fromFile.Options!.Sip);
        Assert.Equal(fromCode.Options.Http, fromFile.Options.Http);
        Assert.Equal(fromCode.Options.Ng, fromFile.Options.Ng);
        Assert.Equal(fromCode.Options.Floor, fromFile.Options.Floor);
        Assert.Equal(fromCode.Options.GroupCalls, fromFile.Options.GroupCalls);
        Assert.Equal(fromCode.Options.Media with { CoreIds = [] }, fromFile.Options.Media with { CoreIds = [] });
        Assert.Equal(fromCode.Options.Auth.Users, fromFile.Options.Auth.Users);
    }

    [Fact]
    public void Every_setting_can_be_overridden()
    {
        var (options, errors) = OptionsLoader.Load(ConfigFactory.From(
            ("Sip:Address", "127.0.0.2"), ("Sip:UdpPort", "5070"), ("Sip:TcpPort", "5071"), ("Sip:Domain", "mcptt.example"),
            ("Sip:MaxMessageSize", "4096"), ("Sip:TcpIdleTimeoutSeconds", "30"), ("Sip:MaxTcpConnections", "10"),
            ("Media:Address", "::1"), ("Media:PortMin", "20001"), ("Media:PortMax", "20100"), ("Media:Workers", "2"),
            ("Media:Cores", "0"), ("Media:BatchSize", "64"), ("Media:Engine", "portable"), ("Media:MediaTimeoutSeconds", "0"),
            ("Media:BusyPoll", "false"), ("Media:RealtimePriority", "20"), ("Media:SocketBufferBytes", "4194304"),
            ("Http:Address", "127.0.0.3"), ("Http:Port", "9999"),
            ("Ng:Enabled", "false"), ("Ng:Address", "127.0.0.4"), ("Ng:Port", "2224"),
            ("Auth:Enabled", "true"), ("Auth:Realm", "ops"), ("Auth:DemoUsers", "false"), ("Auth:Users:zed", "pw"),
            ("Groups:0:Uri", "sip:ops@mcptt.example"), ("Groups:0:Members:0", "zed"), ("Groups:0:Members:1", "sip:bob@mcptt.example"),
            ("Floor:T1EndOfRtpMediaMs", "2000"), ("Floor:C20FloorGranted", "5"),
            ("Floor:PrivateCallQueueing", "false"), ("Floor:PrivateCallMaxPriority", "200")));

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), options.Sip.Address);
        Assert.Equal((5070, 5071, "mcptt.example", 4096, 30, 10),
            (options.Sip.UdpPort, options.Sip.TcpPort, options.Sip.EffectiveDomain, options.Sip.MaxMessageSize,
             options.Sip.TcpIdleTimeoutSeconds, options.Sip.MaxTcpConnections));
        Assert.Equal(IPAddress.IPv6Loopback, options.Media.Address);
        Assert.Equal((20001, 20100, 2, 64, MediaEngineKind.Portable, 0),
            (options.Media.PortMin, options.Media.PortMax, options.Media.Workers, options.Media.BatchSize,
             options.Media.Engine, options.Media.MediaTimeoutSeconds));
        Assert.Equal([0], options.Media.CoreIds);
        Assert.False(options.Media.BusyPoll);
        Assert.Equal(20, options.Media.RealtimePriority);
        Assert.Equal(4 << 20, options.Media.SocketBufferBytes);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 9999), options.Http.EndPoint);
        Assert.False(options.Ng.Enabled);
        Assert.Equal("ops", options.Auth.Realm);
        Assert.Equal(new Dictionary<string, string> { ["zed"] = "pw" }, options.Auth.Users);
        var group = Assert.Single(options.Groups);
        Assert.Equal("sip:ops@mcptt.example", group.Uri);
        Assert.Equal(["zed", "sip:bob@mcptt.example"], group.Members);
        Assert.Equal(2000, options.Floor.T1EndOfRtpMediaMs);
        Assert.Equal(5, options.Floor.C20FloorGranted);
        Assert.False(options.Floor.PrivateCallQueueing);
        Assert.Equal(200, options.Floor.PrivateCallMaxPriority);
    }

    [Fact]
    public void Explicit_user_overrides_a_demo_password_and_keeps_the_other_demo_users()
    {
        var (options, _) = OptionsLoader.Load(ConfigFactory.From(("Auth:Users:alice", "better")));

        Assert.Equal("better", options!.Auth.Users["alice"]);
        Assert.Equal("secret", options.Auth.Users["bob"]);
    }

    [Fact]
    public void Realm_defaults_to_the_configured_domain()
    {
        var (options, _) = OptionsLoader.Load(ConfigFactory.From(("Sip:Domain", "ptt.example.org")));

        Assert.Equal("ptt.example.org", options!.Auth.Realm);
    }

    [Fact]
    public void Cpu_list_ranges_expand()
    {
        if (Environment.ProcessorCount < 2)
            Assert.Fail("this test needs a machine with at least 2 CPUs");
        var (options, errors) = OptionsLoader.Load(ConfigFactory.From(("Media:Cores", "0-1")));

        Assert.Empty(errors);
        Assert.Equal([0, 1], options!.Media.CoreIds);
        Assert.Equal(2, options.Media.EffectiveWorkers);
    }
}
