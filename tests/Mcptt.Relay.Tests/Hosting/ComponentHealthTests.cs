using Mcptt.Relay.Hosting;

namespace Mcptt.Relay.Tests.Hosting;

public sealed class ComponentHealthTests
{
    [Fact]
    public void Reports_components_that_are_not_ready_by_name()
    {
        var health = new ComponentHealth();
        bool sipReady = false;
        health.Register("relay", () => true);
        health.Register("sip", () => sipReady);

        Assert.Equal(["sip"], health.NotReady());
        sipReady = true;
        Assert.Empty(health.NotReady());
        Assert.Equal(["relay", "sip"], health.Components());
    }

    [Fact]
    public void A_throwing_probe_counts_as_not_ready()
    {
        var health = new ComponentHealth();
        health.Register("ng", () => throw new InvalidOperationException("boom"));

        Assert.Equal(["ng"], health.NotReady());
    }

    [Fact]
    public void Listener_registry_describes_what_was_added()
    {
        var listeners = new ListenerRegistry();
        Assert.Equal("nothing", listeners.Describe());

        listeners.Add("sip/udp", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5060));
        listeners.Add("http", new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 9180));

        Assert.Equal("sip/udp 127.0.0.1:5060, http [::1]:9180", listeners.Describe());
    }
}
