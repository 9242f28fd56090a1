using Mcptt.Relay.Configuration;
using Mcptt.Relay.Core.Engine;

namespace Mcptt.Relay.Tests.Configuration;

public sealed class MediaEngineKindTests
{
    /// <summary>The appliance's setting maps one-to-one onto the data plane's engines: a new engine added to one must be added to the other.</summary>
    [Fact]
    public void Every_data_plane_engine_has_a_setting_of_the_same_name_and_value()
    {
        Assert.Equal(Enum.GetNames<RelayEngineKind>(), Enum.GetNames<MediaEngineKind>());
        foreach (var kind in Enum.GetValues<RelayEngineKind>())
            Assert.Equal((int)kind, (int)Enum.Parse<MediaEngineKind>(kind.ToString()));
    }

    [Theory]
    [InlineData("PacketRing", MediaEngineKind.PacketRing)]
    [InlineData("packetring", MediaEngineKind.PacketRing)]
    [InlineData("raw", MediaEngineKind.Raw)]
    public void Engine_is_read_case_insensitively(string value, MediaEngineKind expected)
    {
        var (options, errors) = OptionsLoader.Load(ConfigFactory.From(("Media:Engine", value)));
        Assert.Empty(errors);
        Assert.Equal(expected, options!.Media.Engine);
    }
}
