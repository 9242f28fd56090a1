using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Hosting;

namespace Mcptt.Relay.Tests.Hosting;

/// <summary>Expected start-up failures: one line naming the setting, a distinct exit code, no host started.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ApplianceHostStartupErrorTests
{
    [Fact]
    public async Task Invalid_setting_exits_2_with_one_line()
    {
        var errors = new StringWriter();

        int rc = await ApplianceHost.RunAsync(["--Media:PortMin=40000"], errors);

        Assert.Equal(ExitCodes.InvalidConfiguration, rc);
        Assert.Equal("mcptt-relay: configuration error: Media:PortMin (40000) must be <= Media:PortMax (39999)",
            errors.ToString().TrimEnd());
    }

    [Fact]
    public async Task Malformed_command_line_switch_exits_2_with_one_line()
    {
        var errors = new StringWriter();

        int rc = await ApplianceHost.RunAsync(["-x=1"], errors);

        Assert.Equal(ExitCodes.InvalidConfiguration, rc);
        var line = Assert.Single(errors.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("mcptt-relay: configuration error: ", line);
        Assert.Contains("-x=1", line);
    }

    [Fact]
    public async Task Udp_port_in_use_exits_3_naming_the_setting_and_endpoint()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var errors = new StringWriter();

        int rc = await ApplianceHost.RunAsync(
            // The media range is moved below Linux's ephemeral ports (32768-60999): with the default
            // 30000-39999 an ephemeral SIP port can fall inside it, which is a configuration error (exit 2).
            [$"--Sip:UdpPort={port}", $"--Sip:TcpPort={FreeTcpPort()}", $"--Http:Port={FreeTcpPort()}", "--Ng:Enabled=false",
             "--Media:PortMin=20000", "--Media:PortMax=20999"], errors);

        Assert.Equal(ExitCodes.PortInUse, rc);
        Assert.Equal($"mcptt-relay: Sip:UdpPort 127.0.0.1:{port} is already in use", errors.ToString().TrimEnd());
    }

    [Fact]
    public void Preflight_reports_a_taken_tcp_port_by_setting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var options = new Mcptt.Relay.Configuration.ApplianceOptions
        {
            Sip = new() { UdpPort = FreeUdpPort(), TcpPort = FreeTcpPort() },
            Http = new() { Port = port },
            Ng = new() { Enabled = false },
        };

        var problems = PortPreflight.Check(options);

        var problem = Assert.Single(problems);
        Assert.Equal($"Http:Port 127.0.0.1:{port} is already in use", problem.Message);
        Assert.True(problem.InUse);
    }

    [Fact]
    public void Preflight_lists_ng_only_when_enabled()
    {
        var enabled = PortPreflight.ListenersOf(new() { Ng = new() { Enabled = true } });
        var disabled = PortPreflight.ListenersOf(new() { Ng = new() { Enabled = false } });

        Assert.Contains(enabled, l => l.Setting == "Ng:Port");
        Assert.DoesNotContain(disabled, l => l.Setting == "Ng:Port");
        Assert.Equal(["Sip:UdpPort", "Sip:TcpPort", "Http:Port"], disabled.Select(l => l.Setting));
    }

    private static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
