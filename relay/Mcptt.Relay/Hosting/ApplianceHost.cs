using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Composition;
using Mcptt.Relay.Configuration;
using Mcptt.Relay.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcptt.Relay.Hosting;

/// <summary>
/// Runs the appliance: validate configuration, check listening ports, compose, start, wait for SIGTERM/SIGINT,
/// stop. Expected failures (bad setting, port in use) print one line naming the setting and exit with a
/// distinct code; no stack trace.
/// </summary>
public static class ApplianceHost
{
    public const string ProcessName = "mcptt-relay";

    /// <summary>Longest a graceful stop may take before the host abandons slow components.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync(string[] args, TextWriter? errors = null)
    {
        errors ??= Console.Error;
        var started = Stopwatch.GetTimestamp();

        IConfigurationRoot configuration;
        try
        {
            configuration = ConfigurationSources.Build(args);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            // A malformed appsettings.json or command-line switch: the message names the file or the switch.
            errors.WriteLine($"{ProcessName}: configuration error: {OneLine(e)}");
            return ExitCodes.InvalidConfiguration;
        }
        var (options, problems) = OptionsLoader.Load(configuration);
        if (options is null)
        {
            foreach (var problem in problems) errors.WriteLine($"{ProcessName}: configuration error: {problem}");
            return ExitCodes.InvalidConfiguration;
        }

        var portProblems = PortPreflight.Check(options);
        if (portProblems.Count > 0)
        {
            foreach (var (message, _) in portProblems) errors.WriteLine($"{ProcessName}: {message}");
            return portProblems.Any(p => p.InUse) ? ExitCodes.PortInUse : ExitCodes.InvalidConfiguration;
        }

        var app = Build(args, configuration, options);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ProcessName);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (FindAddressInUse(e) is { } inUse)
        {
            // Someone took a port between the preflight check and the real bind.
            errors.WriteLine(inUse is AddressInUseException
                ? $"{ProcessName}: Http:Port {PortPreflight.Format(options.Http.EndPoint)} is already in use"
                : $"{ProcessName}: a listening port is already in use ({inUse.Message})");
            await StopWithinDeadlineAsync(app, logger).ConfigureAwait(false);
            return ExitCodes.PortInUse;
        }
        catch (Exception e)
        {
            Log.StartFailed(logger, e);
            await StopWithinDeadlineAsync(app, logger).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var listeners = app.Services.GetRequiredService<ListenerRegistry>();
        listeners.Add("http", options.Http.EndPoint);
        var components = app.Services.GetRequiredService<ComponentHealth>().Components();
        Log.Started(logger, ApplianceVersion.Version, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, listeners.Describe());
        Log.Components(logger, components.Count == 0 ? "none wired (HTTP only)" : string.Join(", ", components));
        WarnAboutAuth(logger, options);

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var fatalErrors = app.Services.GetRequiredService<FatalErrors>(); // resolved now: the provider is disposed by the stop
        await WaitAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        Log.Stopping(logger);
        bool clean = await StopWithinDeadlineAsync(app, logger).ConfigureAwait(false);
        Log.Stopped(logger, Stopwatch.GetElapsedTime(started).TotalSeconds);
        // A component that reported a fatal error, a BackgroundService that threw (the host then sets
        // Environment.ExitCode) or a stop that had to be abandoned must not look like a clean stop.
        if (!clean || fatalErrors.HasFailed) return ExitCodes.Failure;
        return Environment.ExitCode != 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>Stops and disposes the host, never taking longer than the shutdown timeout plus a second:
    /// a component stuck in its stop or dispose is logged and left behind (the process exits anyway).</summary>
    private static async Task<bool> StopWithinDeadlineAsync(WebApplication app, ILogger logger)
    {
        var budget = ShutdownTimeout + TimeSpan.FromSeconds(1);
        var stopAndDispose = Task.Run(async () =>
        {
            try
            {
                await app.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        });
        try
        {
            await stopAndDispose.WaitAsync(budget).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            Log.ShutdownTimedOut(logger, budget.TotalSeconds);
            return false;
        }
        catch (Exception e)
        {
            Log.ShutdownFailed(logger, e);
            return false;
        }
    }

    private static Task WaitAsync(CancellationToken token)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => done.TrySetResult());
        return done.Task;
    }

    private static WebApplication Build(string[] args, IConfiguration configuration, ApplianceOptions options)
    {
        // The empty builder adds no configuration sources, no unprefixed environment variables and no
        // default URLs: everything comes from ConfigurationSources and the validated options.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = ProcessName,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);

        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Scrapers and health checks only: small, bounded, HTTP/1.1.
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Listen(options.Http.EndPoint, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddAppliance(options);

        var app = builder.Build();
        app.UseRouting();
        HttpEndpoints.Map(app);
        return app;
    }

    private static void WarnAboutAuth(ILogger logger, ApplianceOptions options)
    {
        if (!options.Auth.Enabled)
        {
            Log.AuthDisabled(logger);
            return;
        }
        if (!options.Auth.AuthInvites) Log.InviteAuthDisabled(logger);
        if (!options.Auth.DemoUsers) return;
        var users = string.Join(",", AuthOptions.DemoUserNames);
        if (IPAddress.IsLoopback(options.Sip.Address)) Log.DemoUsersOnLoopback(logger, users);
        else Log.DemoUsersExposed(logger, users, options.Sip.Address.ToString());
    }

    private static string OneLine(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException) messages.Add(current.Message.Trim());
        return string.Join(": ", messages).ReplaceLineEndings(" ");
    }

    private static Exception? FindAddressInUse(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is AddressInUseException) return current;
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }) return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions)
                    if (FindAddressInUse(inner) is { } found) return found;
        }
        return null;
    }
}
