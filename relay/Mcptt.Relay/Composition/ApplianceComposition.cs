using Mcptt.Control.Ng.Hosting;
using Mcptt.Control.Ng.Server;
using Mcptt.Floor.Server;
using Mcptt.Relay.Configuration;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Hosting;
using Mcptt.Relay.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mcptt.Signaling.Calls;
using Mcptt.Signaling.Groups;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

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
        AddSection(services, options.SipFlood);
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

    /// <summary>Data plane: one RelayEngine (Mcptt.Relay.Core) serves every client of IRelayControl.
    /// Its workers start in the constructor; stopping the component disposes it (closes every leg).</summary>
    private static void AddDataPlane(IServiceCollection services, ApplianceOptions options)
    {
        var media = options.Media;
        services.AddSingleton(sp => WarnOnFallback(sp, new RelayEngine(new RelayOptions
        {
            MediaAddress = media.Address,
            PortMin = media.PortMin,
            PortMax = media.PortMax,
            Workers = media.EffectiveWorkers,
            CoreList = media.CoreIds.Count > 0 ? media.CoreIds : null,
            BatchSize = media.BatchSize,
            BusyPoll = media.BusyPoll,
            RealtimePriority = media.RealtimePriority,
            SocketBufferBytes = media.SocketBufferBytes,
            Engine = media.Engine switch
            {
                MediaEngineKind.Batched => RelayEngineKind.Batched,
                MediaEngineKind.Portable => RelayEngineKind.Portable,
                MediaEngineKind.Raw => RelayEngineKind.Raw,
                MediaEngineKind.PacketRing => RelayEngineKind.PacketRing,
                MediaEngineKind.Uring => RelayEngineKind.Uring,
                _ => RelayEngineKind.Auto,
            },
        }, sp.GetRequiredService<MetricsRegistry>())));
        services.AddSingleton<IRelayControl>(sp => sp.GetRequiredService<RelayEngine>());
        services.AddHostedComponent<RelayEngine>("relay",
            (_, _) => Task.CompletedTask,
            (engine, _) => { engine.Dispose(); return Task.CompletedTask; });
    }

    private static RelayEngine WarnOnFallback(IServiceProvider sp, RelayEngine engine)
    {
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mcptt.Relay.Media");
        if (engine.EngineFallbackReason is { } reason) Log.EngineFallback(logger, reason);
        if (engine.SchedulingWarning is { } warning) Log.SchedulingFallback(logger, warning);
        return engine;
    }

    /// <summary>TS 24.380 floor control is created by the group/private call controllers inside
    /// <see cref="SipServices"/>; its timers come from <see cref="FloorOptions"/>.</summary>
    private static void AddFloorControl(IServiceCollection services, ApplianceOptions options)
    {
        var floor = options.Floor;
        services.AddSingleton(new FloorTimers
        {
            T1EndOfRtpMedia = TimeSpan.FromMilliseconds(floor.T1EndOfRtpMediaMs),
            T2StopTalking = TimeSpan.FromMilliseconds(floor.T2StopTalkingMs),
            T3StopTalkingGrace = TimeSpan.FromMilliseconds(floor.T3StopTalkingGraceMs),
            T4Inactivity = TimeSpan.FromMilliseconds(floor.T4InactivityMs),
            T7FloorIdle = TimeSpan.FromMilliseconds(floor.T7FloorIdleMs),
            T8FloorRevoke = TimeSpan.FromMilliseconds(floor.T8FloorRevokeMs),
            T20FloorGranted = TimeSpan.FromMilliseconds(floor.T20FloorGrantedMs),
            C7FloorIdle = floor.C7FloorIdle,
            C20FloorGranted = floor.C20FloorGranted,
        });
    }

    /// <summary>SIP front end: the stack (UDP+TCP listeners, transactions) with <see cref="SipServices"/>
    /// (registrar with digest auth, B2BUA) as its request handler. Stopped before the data plane, so
    /// calls are hung up (BYE) while their legs still exist.</summary>
    private static void AddSignaling(IServiceCollection services, ApplianceOptions options)
    {
        var sip = options.Sip;
        var domain = sip.EffectiveDomain;
        services.AddSingleton(sp => new SipStack(new SipStackOptions
        {
            UdpEndPoint = sip.UdpEndPoint,
            TcpEndPoint = sip.TcpEndPoint,
            Parser = new SipParserOptions { MaxMessageSize = sip.MaxMessageSize },
            Tcp = new SipTcpOptions
            {
                MaxConnections = sip.MaxTcpConnections,
                IdleTimeout = TimeSpan.FromSeconds(sip.TcpIdleTimeoutSeconds),
            },
            Capabilities = new SipServerCapabilities { AllowedMethods = SipServices.HandledMethods },
            AdvertisedHost = sip.Address.ToString(),
            // An appliance mostly faces clients behind NAT or with ephemeral ports: answer every UDP
            // request at its source port, as Kamailio's force_rport does, not at the port in its Via.
            ForceRport = true,
            Flood = SecurityComposition.Flood(options),
        }, sp.GetRequiredService<MetricsRegistry>(), sp.GetRequiredService<ILogger<SipStack>>(), sp.GetRequiredService<TimeProvider>()));
        var servicesOptions = BuildServicesOptions(options, domain);
        services.AddSingleton(sp => new SipServices(
            sp.GetRequiredService<SipStack>(),
            servicesOptions,
            sp.GetRequiredService<IRelayControl>(),
            sp.GetRequiredService<MetricsRegistry>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SipFrontEnd(sp.GetRequiredService<SipStack>(), sp.GetRequiredService<SipServices>()));
        services.AddHostedComponent<SipFrontEnd>("sip",
            (frontEnd, ct) => frontEnd.StartAsync(ct),
            (frontEnd, ct) => frontEnd.StopAsync(ct),
            _ => [("sip-udp", sip.UdpEndPoint), ("sip-tcp", sip.TcpEndPoint)]);
        AddGroupCalls(services, options, servicesOptions);
    }

    /// <summary>Pre-arranged group calls (<see cref="ApplianceOptions.Groups"/>) with TS 24.380 floor control: a
    /// <see cref="GroupSipServices"/> takes over the stack's request handler in front of <see cref="SipServices"/>
    /// (both exist before the stack starts listening). Registered after "sip", so it is stopped first: group
    /// calls are hung up while the stack can still send the BYEs.</summary>
    private static void AddGroupCalls(IServiceCollection services, ApplianceOptions options, SipServicesOptions servicesOptions)
    {
        var groups = new GroupCallOptions
        {
            MaxSessions = options.GroupCalls.MaxSessions,
            MemberRingTimeout = TimeSpan.FromSeconds(options.GroupCalls.MemberRingTimeoutSeconds),
        };
        foreach (var group in options.Groups)
        {
            groups.Groups.Add(new GroupDefinition
            {
                User = OptionsLoader.MemberUser(group.Uri),
                Members = group.Members.Select(OptionsLoader.MemberUser).Distinct(StringComparer.Ordinal).ToArray(),
                MaxPriority = (byte)group.MaxPriority,
                MemberPriorities = group.Priorities.ToDictionary(p => p.Key, p => (byte)p.Value, StringComparer.Ordinal),
                Queueing = group.Queueing,
            });
        }
        services.AddSingleton(sp => new GroupSipServices(
            sp.GetRequiredService<SipStack>(),
            sp.GetRequiredService<SipServices>(),
            servicesOptions,
            groups,
            sp.GetRequiredService<IRelayControl>(),
            sp.GetRequiredService<FloorTimers>(),
            sp.GetRequiredService<MetricsRegistry>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedComponent<GroupSipServices>("groups",
            (_, _) => Task.CompletedTask,
            (groupServices, _) => { groupServices.Dispose(); return Task.CompletedTask; });
    }

    private static SipServicesOptions BuildServicesOptions(ApplianceOptions options, string domain)
    {
        var auth = SecurityComposition.Digest(options, domain);
        var registrar = new RegistrarOptions { Domain = domain };
        // AcceptedHosts stays empty (any host): clients address the appliance by IP, host name or a domain
        // alias, and a bind on 0.0.0.0 would otherwise refuse every REGISTER to the machine's real address.
        return new SipServicesOptions
        {
            Auth = auth,
            Registrar = registrar,
            Calls = new CallOptions
            {
                Domain = domain,
                MediaTimeout = options.Media.MediaTimeoutSeconds > 0
                    ? TimeSpan.FromSeconds(options.Media.MediaTimeoutSeconds)
                    : TimeSpan.FromHours(24), // "0 = disabled" in Media:MediaTimeoutSeconds; the call layer's ceiling
                FloorQueueing = options.Floor.PrivateCallQueueing,
                FloorMaxPriority = (byte)options.Floor.PrivateCallMaxPriority,
            },
        };
    }

    /// <summary>rtpengine-compatible ng control port (Mcptt.Control.Ng), when <see cref="NgOptions.Enabled"/>.</summary>
    private static void AddNgControl(IServiceCollection services, ApplianceOptions options)
    {
        if (!options.Ng.Enabled) return;
        services.AddNgControl(new NgServerOptions { Address = options.Ng.Address.ToString(), Port = options.Ng.Port });
        // AddNgControl starts the server itself; this entry, registered after it, only reports the bound
        // socket to /healthz and the startup line (start/stop are no-ops).
        services.AddHostedComponent<NgServer>("ng",
            (_, _) => Task.CompletedTask,
            (_, _) => Task.CompletedTask,
            ng => ng.LocalEndPoint is { } endPoint ? [("ng-udp", endPoint)] : []);
    }
}
