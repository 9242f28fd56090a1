using System.Net;
using Mcptt.Relay.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcptt.Relay.Composition;

/// <summary>
/// Adapts a component that has plain start/stop methods (SipStack, RelayEngine, the ng server, ...) to the
/// Generic Host: it is started in registration order and stopped in reverse order, reports ready to
/// /healthz once started, and adds what it listens on to the startup line.
/// </summary>
internal sealed class HostedComponent<TComponent>(
    string name,
    TComponent component,
    Func<TComponent, CancellationToken, Task> start,
    Func<TComponent, CancellationToken, Task> stop,
    Func<TComponent, IEnumerable<(string Name, IPEndPoint EndPoint)>>? listening,
    ComponentHealth health,
    ListenerRegistry listeners) : IHostedService where TComponent : class
{
    private volatile bool _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        health.Register(name, () => _running);
        await start(component, cancellationToken).ConfigureAwait(false);
        if (listening is not null)
            foreach (var (listenerName, endPoint) in listening(component)) listeners.Add(listenerName, endPoint);
        _running = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        await stop(component, cancellationToken).ConfigureAwait(false);
    }
}

public static class HostedComponentExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TComponent"/> (already added to <paramref name="services"/> as a singleton)
    /// as a hosted component named <paramref name="name"/> ("relay", "sip", "ng").
    /// </summary>
    public static IServiceCollection AddHostedComponent<TComponent>(
        this IServiceCollection services,
        string name,
        Func<TComponent, CancellationToken, Task> start,
        Func<TComponent, CancellationToken, Task> stop,
        Func<TComponent, IEnumerable<(string Name, IPEndPoint EndPoint)>>? listening = null) where TComponent : class
    {
        services.AddSingleton<IHostedService>(sp => new HostedComponent<TComponent>(
            name, sp.GetRequiredService<TComponent>(), start, stop, listening,
            sp.GetRequiredService<ComponentHealth>(), sp.GetRequiredService<ListenerRegistry>()));
        return services;
    }

    /// <summary>The same for a component that already implements <see cref="IHostedService"/> (e.g. NgServer).</summary>
    public static IServiceCollection AddHostedComponent<TComponent>(
        this IServiceCollection services,
        string name,
        Func<TComponent, IEnumerable<(string Name, IPEndPoint EndPoint)>>? listening = null) where TComponent : class, IHostedService
        => services.AddHostedComponent<TComponent>(name, (c, ct) => c.StartAsync(ct), (c, ct) => c.StopAsync(ct), listening);
}
