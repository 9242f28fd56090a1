using System.Net.Http;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// The real appliance as a child process: `dotnet mcptt-relay.dll` from the test output directory (the test
/// project references the executable project), on free ports given as command-line overrides, with
/// MCPTT_ variables of the test environment removed so only the test decides the configuration.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string AssemblyFileName = "mcptt-relay.dll";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private AppProcess(RunningProcess process, AppPorts ports)
    {
        Process = process;
        Ports = ports;
        HttpBase = new Uri($"http://127.0.0.1:{ports.Http}/");
    }

    public RunningProcess Process { get; }

    public AppPorts Ports { get; }

    public Uri HttpBase { get; }

    public Uri MetricsUri => new(HttpBase, "metrics");

    /// <summary>host:port of the SIP listener (UDP and TCP), for sipp's remote-host argument.</summary>
    public string SipTarget => $"127.0.0.1:{Ports.Sip}";

    /// <summary>host:port of the HTTP listener, for a Prometheus target.</summary>
    public string HttpTarget => $"127.0.0.1:{Ports.Http}";

    public int Pid => Process.Pid;

    public static string AssemblyPath => Path.Combine(RepoPaths.OutputDirectory, AssemblyFileName);

    /// <summary>
    /// Starts the appliance on <paramref name="ports"/> (fresh free ports when null) plus
    /// <paramref name="extraArguments"/> (e.g. "--Auth:Enabled=false"), and waits until GET /healthz answers 200.
    /// Fails with the process output if it exits or is not healthy within <paramref name="healthTimeout"/> (default 20 s).
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        IEnumerable<string>? extraArguments = null, AppPorts? ports = null, TimeSpan? healthTimeout = null)
    {
        ports ??= AppPorts.Allocate();
        var process = StartRaw(ports.ToArguments().Concat(extraArguments ?? []));
        var app = new AppProcess(process, ports);
        try
        {
            await app.WaitHealthyAsync(healthTimeout ?? TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the appliance with exactly <paramref name="arguments"/> until it exits by itself
    /// (for configuration-error tests); killed after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunToExitAsync(
        IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var process = StartRaw(arguments, environment);
        var rc = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        if (rc is null)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return process.ToResult(timedOut: true);
        }
        return process.ToResult();
    }

    /// <summary>GET path (relative to the HTTP base); status code and body.</summary>
    public async Task<(int Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(HttpBase, path)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString());
    }

    public async Task<string> GetMetricsAsync()
    {
        var (status, body, _) = await GetAsync("metrics").ConfigureAwait(false);
        if (status != 200) throw new Xunit.Sdk.XunitException($"GET /metrics returned {status}: {body}");
        return body;
    }

    /// <summary>The value of one sample in /metrics, e.g. ("mcptt_rtp_packets_relayed_total", null) or
    /// ("dotnet_gc_collections_total", "generation=\"0\""); null when absent.</summary>
    public async Task<double?> GetMetricValueAsync(string name, string? labels = null)
        => MetricsText.Value(await GetMetricsAsync().ConfigureAwait(false), name, labels);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/> (default 5 s). Returns the exit code (-1 = killed).</summary>
    public Task<int> StopAsync(TimeSpan? grace = null) => Process.StopAsync(grace ?? TimeSpan.FromSeconds(5));

    public string Describe() => Process.Describe();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
                throw new Xunit.Sdk.XunitException($"mcptt-relay exited before it was healthy.\n{Process.Describe()}");
            try
            {
                var (status, body, _) = await GetAsync("healthz").ConfigureAwait(false);
                if (status == 200) return;
                last = $"{status} {body.Trim()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "request timed out";
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new Xunit.Sdk.XunitException($"mcptt-relay not healthy after {timeout.TotalSeconds} s (last: {last}).\n{Process.Describe()}");
    }

    private static RunningProcess StartRaw(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        if (!File.Exists(AssemblyPath))
            throw new Xunit.Sdk.XunitException($"{AssemblyPath} is missing; build the solution first.");
        var environment = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
            if (variable.Key is string key && key.StartsWith("MCPTT_", StringComparison.Ordinal)) environment[key] = null;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) environment[key] = value;
        return ProcessRunner.Start(PeerTools.Dotnet, [AssemblyPath, .. arguments], RepoPaths.OutputDirectory, environment);
    }
}
