using Mcptt.Relay.Configuration;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Hosting;
using Mcptt.Relay.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mcptt.Relay.Composition;

/// <summary>
/// THE composition root: the only place that wires signaling to the data plane. Everything the appliance
/// runs is registered here, in start order; the host stops hosted services in reverse order, so the SIP
/// front end and the ng port stop taking work before the data plane shuts its workers down.
///
/// Each component receives its validated options section (SipOptions, MediaOptions, ...) and the one
/// <see cref="MetricsRegistry"/> by constructor injection; a component that can fail while running takes
/// <see cref="FatalErrors"/> too. To add a component:
/// <code>
///   services.AddSingleton&lt;RelayEngine&gt;(sp =&gt; new RelayEngine(options.Media, sp.GetRequiredService&lt;MetricsRegistry&gt;(), ...));
///   services.AddSingleton&lt;IRelayControl&gt;(sp =&gt; sp.GetRequiredService&lt;RelayEngine&gt;());
///   services.AddHostedComponent&lt;RelayEngine&gt;("relay", (c, ct) =&gt; c.StartAsync(ct), (c, ct) =&gt; c.StopAsync(ct));
/// </code>
/// A component that listens passes a <c>listening</c> selector so the startup line and /healthz include it.
/// </summary>
public static class ApplianceComposition
{
    public static IServiceCollection AddAppliance(this IServiceCollection services, ApplianceOptions options)
    {
        AddOptionsAndInfrastructure(services, options);
        AddDataPlane(services, options);
        AddFloorControl(services, options);
        AddSignaling(services, options);
        AddNgControl(services, options);
        return services;
    }

    private static void AddOptionsAndInfrastructure(IServiceCollection services, ApplianceOptions options)
    {
        services.AddSingleton(options);
        AddSection(services, options.Sip);
        AddSection(services, options.Media);
        AddSection(services, options.Http);
        AddSection(services, options.Ng);
        AddSection(services, options.Auth);
        AddSection(services, options.Floor);
        services.AddSingleton(options.Groups);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ComponentHealth>();
        services.AddSingleton<FatalErrors>();
        services.AddSingleton<ListenerRegistry>();
        // Created now, not on first scrape, so uptime and start-time metrics count from process start.
        var registry = new MetricsRegistry();
        ProcessMetrics.Register(registry);
        services.AddSingleton(registry);
    }

    private static void AddSection<T>(IServiceCollection services, T section) where T : class
    {
        services.AddSingleton(section);
        services.AddSingleton<IOptions<T>>(Options.Create(section));
    }

    /// <summary>Data plane: RelayEngine (Mcptt.Relay.Core) implementing IRelayControl, from <see cref="MediaOptions"/>.
    /// Not wired yet.</summary>
    private static void AddDataPlane(IServiceCollection services, ApplianceOptions options)
    {
        _ = services;
        _ = options.Media;
    }

    /// <summary>TS 24.380 floor control server (Mcptt.Floor), from <see cref="FloorOptions"/>; uses IRelayControl.
    /// Not wired yet.</summary>
    private static void AddFloorControl(IServiceCollection services, ApplianceOptions options)
    {
        _ = services;
        _ = options.Floor;
    }

    /// <summary>SIP front end (Mcptt.Signaling: SipStack, registrar with <see cref="AuthOptions"/>, B2BUA,
    /// group calls from <see cref="ApplianceOptions.Groups"/>), from <see cref="SipOptions"/>. Not wired yet.</summary>
    private static void AddSignaling(IServiceCollection services, ApplianceOptions options)
    {
        _ = services;
        _ = options.Sip;
    }

    /// <summary>rtpengine-compatible ng control port (Mcptt.Control.Ng), when <see cref="NgOptions.Enabled"/>.
    /// Not wired yet.</summary>
    private static void AddNgControl(IServiceCollection services, ApplianceOptions options)
    {
        if (!options.Ng.Enabled) return;
        _ = services;
    }
}
