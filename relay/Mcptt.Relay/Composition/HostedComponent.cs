using System.Diagnostics;
using System.Net;
using Mcptt.Relay.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcptt.Relay.Composition;

/// <summary>
/// Adapts a component that has plain start/stop methods (SipStack, RelayEngine, the ng server, ...) to the
/// Generic Host: it is started in registration order and stopped in reverse order, reports ready to
/// /healthz once started, and adds what it listens on to the startup line. A stop that outlives the host's
/// shutdown timeout is abandoned (and logged by name) so one stuck component cannot hang the shutdown.
/// </summary>
internal sealed partial class HostedComponent<TComponent>(
    string name,
    TComponent component,
    Func<TComponent, CancellationToken, Task> start,
    Func<TComponent, CancellationToken, Task> stop,
    Func<TComponent, IEnumerable<(string Name, IPEndPoint EndPoint)>>? listening,
    ComponentHealth health,
    ListenerRegistry listeners,
    ILogger logger) : IHostedService where TComponent : class
{
    private volatile bool _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        health.Register(name, () => _running);
        var clock = Stopwatch.StartNew();
        await start(component, cancellationToken).ConfigureAwait(false);
        if (listening is not null)
            foreach (var (listenerName, endPoint) in listening(component)) listeners.Add(listenerName, endPoint);
        _running = true;
        Started(logger, name, clock.ElapsedMilliseconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        var clock = Stopwatch.StartNew();
        // Task.Run: a stop delegate that blocks synchronously (joining threads) must not block the host.
        var stopping = Task.Run(() => stop(component, cancellationToken), CancellationToken.None);
        try
        {
            await stopping.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            StopAbandoned(logger, name, clock.ElapsedMilliseconds);
            throw new TimeoutException($"component '{name}' did not stop within the shutdown timeout");
        }
        Stopped(logger, name, clock.ElapsedMilliseconds);
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Component {Component} started in {ElapsedMs} ms")]
    private static partial void Started(ILogger logger, string component, long elapsedMs);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "Component {Component} stopped in {ElapsedMs} ms")]
    private static partial void Stopped(ILogger logger, string component, long elapsedMs);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Component {Component} did not stop within {ElapsedMs} ms; abandoned")]
    private static partial void StopAbandoned(ILogger logger, string component, long elapsedMs);
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
            sp.GetRequiredService<ComponentHealth>(), sp.GetRequiredService<ListenerRegistry>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("mcptt-relay.components") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        return services;
    }

    /// <summary>The same for a component that already implements <see cref="IHostedService"/> (e.g. NgServer).</summary>
    public static IServiceCollection AddHostedComponent<TComponent>(
        this IServiceCollection services,
        string name,
        Func<TComponent, IEnumerable<(string Name, IPEndPoint EndPoint)>>? listening = null) where TComponent : class, IHostedService
        => services.AddHostedComponent<TComponent>(name, (c, ct) => c.StartAsync(ct), (c, ct) => c.StopAsync(ct), listening);
}
