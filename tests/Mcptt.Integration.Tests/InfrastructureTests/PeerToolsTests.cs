using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.InfrastructureTests;

/// <summary>Every peer the integration tests drive is installed; a missing one fails here with the install command.</summary>
public sealed class PeerToolsTests
{
    [Theory]
    [InlineData("sipp")]
    [InlineData("baresip")]
    [InlineData("tshark")]
    [InlineData("prometheus")]
    [InlineData("promtool")]
    [InlineData("sox")]
    [InlineData("kamailio")]
    public void Peer_is_installed(string tool)
    {
        var path = PeerTools.Require(tool);

        Assert.True(File.Exists(path), path);
    }

    [Fact]
    public void Missing_tool_fails_with_the_install_command()
    {
        var e = Assert.ThrowsAny<Exception>(() => PeerTools.Require("no-such-peer-tool-mcptt"));

        Assert.Contains("tools/install-test-deps.sh", e.Message);
        Assert.Contains("no-such-peer-tool-mcptt", e.Message);
    }

    [Fact]
    public void Appliance_and_peer_templates_are_in_the_output_directory()
    {
        Assert.True(File.Exists(AppProcess.AssemblyPath), AppProcess.AssemblyPath);
        Assert.True(File.Exists(Path.Combine(RepoPaths.OutputDirectory, "appsettings.json")), "appsettings.json not copied");
        Assert.True(File.Exists(RepoPaths.Peers("baresip", "config.template")));
        Assert.True(File.Exists(SippRunner.Scenario("register.xml")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.RepoRoot, RepoPaths.SolutionFileName)));
    }
}
