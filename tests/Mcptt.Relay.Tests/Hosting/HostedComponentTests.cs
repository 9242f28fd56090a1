using System.Net;
using Mcptt.Relay.Composition;
using Mcptt.Relay.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcptt.Relay.Tests.Hosting;

public sealed class HostedComponentTests
{
    [Fact]
    public async Task Component_is_ready_and_listed_after_start_and_not_ready_after_stop()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ComponentHealth>();
        services.AddSingleton<ListenerRegistry>();
        services.AddSingleton<FakeComponent>();
        services.AddHostedComponent<FakeComponent>("fake", listening: c => [("fake/udp", new IPEndPoint(IPAddress.Loopback, 7))]);
        await using var provider = services.BuildServiceProvider();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        var health = provider.GetRequiredService<ComponentHealth>();
        var component = provider.GetRequiredService<FakeComponent>();

        await hosted.StartAsync(CancellationToken.None);
        Assert.True(component.Started);
        Assert.Empty(health.NotReady());
        Assert.Equal("fake/udp 127.0.0.1:7", provider.GetRequiredService<ListenerRegistry>().Describe());

        await hosted.StopAsync(CancellationToken.None);
        Assert.True(component.Stopped);
        Assert.Equal(["fake"], health.NotReady());
    }

    [Fact]
    public async Task Failed_start_leaves_the_component_not_ready()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ComponentHealth>();
        services.AddSingleton<ListenerRegistry>();
        services.AddSingleton<FakeComponent>();
        services.AddHostedComponent<FakeComponent>("fake", (_, _) => throw new InvalidOperationException("bind failed"), (_, _) => Task.CompletedTask);
        await using var provider = services.BuildServiceProvider();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        await Assert.ThrowsAsync<InvalidOperationException>(() => hosted.StartAsync(CancellationToken.None));

        Assert.Equal(["fake"], provider.GetRequiredService<ComponentHealth>().NotReady());
    }

    [Fact]
    public async Task Stop_that_blocks_is_abandoned_when_the_shutdown_timeout_fires()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ComponentHealth>();
        services.AddSingleton<ListenerRegistry>();
        services.AddSingleton<FakeComponent>();
        using var release = new ManualResetEventSlim();
        services.AddHostedComponent<FakeComponent>("stuck", (_, _) => Task.CompletedTask, (_, _) =>
        {
            release.Wait(TimeSpan.FromSeconds(30)); // blocks synchronously, ignoring the token
            return Task.CompletedTask;
        });
        await using var provider = services.BuildServiceProvider();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        await hosted.StartAsync(CancellationToken.None);
        using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<TimeoutException>(() => hosted.StopAsync(shutdownTimeout.Token));

        Assert.Contains("stuck", e.Message);
        release.Set();
    }

    public sealed class FakeComponent : IHostedService
    {
        public bool Started { get; private set; }
        public bool Stopped { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }
}
