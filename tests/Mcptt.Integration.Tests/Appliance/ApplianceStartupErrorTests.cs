using System.Net;
using System.Net.Sockets;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Appliance;

/// <summary>Expected start-up failures seen from outside: exit code, exactly one line on stderr naming the
/// setting, no stack trace, nothing on stdout (no logging started).</summary>
[Collection(ApplianceCollection.Name)]
public sealed class ApplianceStartupErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("--Media:PortMin=40000", "Media:PortMin (40000) must be <= Media:PortMax (39999)")]
    [InlineData("--Sip:UdpPort=70000", "Sip:UdpPort (70000) must be between 1 and 65535")]
    [InlineData("--Http:Address=not-an-ip", "Http:Address (\"not-an-ip\") is not an IPv4 or IPv6 address")]
    [InlineData("--Sip:UdpProt=5070", "Sip:UdpProt is not a known setting (did you mean Sip:UdpPort?)")]
    public async Task Invalid_setting_exits_2_with_one_clear_line(string argument, string message)
    {
        var result = await AppProcess.RunToExitAsync([argument], Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Equal($"mcptt-relay: configuration error: {message}", result.StdErr.TrimEnd('\n'));
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Invalid_environment_variable_is_named_by_its_setting()
    {
        var result = await AppProcess.RunToExitAsync([], Timeout, new Dictionary<string, string?> { ["MCPTT_Ng__Port"] = "abc" });

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Equal("mcptt-relay: configuration error: Ng:Port (\"abc\") is not an integer", result.StdErr.TrimEnd('\n'));
    }

    [Fact]
    public async Task Http_port_in_use_exits_3_naming_setting_and_endpoint()
    {
        using var holder = new TcpListener(IPAddress.Loopback, FreePorts.Next());
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var ports = AppPorts.Allocate() with { Http = port };

        var result = await AppProcess.RunToExitAsync(ports.ToArguments(), Timeout);

        Assert.True(result.ExitCode == 3, result.Describe());
        Assert.Equal($"mcptt-relay: Http:Port 127.0.0.1:{port} is already in use", result.StdErr.TrimEnd('\n'));
    }

    [Fact]
    public async Task Sip_udp_port_in_use_exits_3_naming_setting_and_endpoint()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, FreePorts.Next()));
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var ports = AppPorts.Allocate();

        var result = await AppProcess.RunToExitAsync(ports.ToArguments().Append($"--Sip:UdpPort={port}"), Timeout);

        Assert.True(result.ExitCode == 3, result.Describe());
        Assert.Equal($"mcptt-relay: Sip:UdpPort 127.0.0.1:{port} is already in use", result.StdErr.TrimEnd('\n'));
    }
}
