using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Commands;
using Mcptt.Control.Ng.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcptt.Control.Ng.Hosting;

/// <summary>
/// One call to put the ng port into a Generic Host. Needs <see cref="IRelayControl"/> and
/// <see cref="MetricsRegistry"/> registered; registers the call engine, the command table and the UDP
/// server (as a hosted service, so it starts with the host and stops before the data plane if the
/// data plane was registered first). On stop the server closes its socket; calls still held are
/// released by <see cref="NgCallEngine.Clear"/>.
/// </summary>
public static class NgServiceCollectionExtensions
{
    public static IServiceCollection AddNgControl(this IServiceCollection services, NgServerOptions server, NgEngineOptions? engine = null)
    {
        services.AddSingleton(server);
        services.AddSingleton(engine ?? new NgEngineOptions());
        services.AddSingleton(sp => new NgCallEngine(sp.GetRequiredService<IRelayControl>(), sp.GetRequiredService<NgEngineOptions>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new NgCommandProcessor(sp.GetRequiredService<NgCallEngine>(), sp.GetRequiredService<MetricsRegistry>()));
        services.AddSingleton(sp => new NgServer(sp.GetRequiredService<NgServerOptions>(), sp.GetRequiredService<NgCommandProcessor>(),
            sp.GetRequiredService<MetricsRegistry>(), sp.GetRequiredService<ILogger<NgServer>>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => new NgHostedService(sp.GetRequiredService<NgServer>(), sp.GetRequiredService<NgCallEngine>()));
        return services;
    }

    /// <summary>Starts the server; on stop, closes it and then frees every leg the ng calls still hold.</summary>
    private sealed class NgHostedService(NgServer server, NgCallEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
            engine.Clear();
        }
    }
}
