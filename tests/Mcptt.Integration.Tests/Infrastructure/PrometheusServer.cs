using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>
/// A real Prometheus server on a free loopback port with a throw-away TSDB directory, scraping one target
/// every <c>scrapeInterval</c> (default 1 s) under job "mcptt". Stopped by PID on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly TempDirectory _directory;

    private PrometheusServer(RunningProcess process, TempDirectory directory, int port)
    {
        Process = process;
        _directory = directory;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public RunningProcess Process { get; }

    public Uri BaseUri { get; }

    public static async Task<PrometheusServer> StartAsync(string target, string job = "mcptt", TimeSpan? scrapeInterval = null)
    {
        var prometheus = PeerTools.Prometheus;
        var directory = new TempDirectory("prometheus");
        var interval = $"{(int)(scrapeInterval ?? TimeSpan.FromSeconds(1)).TotalSeconds}s";
        var config = File.ReadAllText(RepoPaths.Peers("prometheus", "prometheus.yml.template"))
            .Replace("@INTERVAL@", interval).Replace("@JOB@", job).Replace("@TARGET@", target);
        var configPath = directory.File("prometheus.yml");
        File.WriteAllText(configPath, config);
        int port = FreePorts.Next();
        var process = ProcessRunner.Start(prometheus,
        [
            $"--config.file={configPath}", $"--storage.tsdb.path={directory.Sub("data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ], directory.Path);
        var server = new PrometheusServer(process, directory, port);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Instant query; the first sample's value, or null when the result is empty.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        var uri = new Uri(BaseUri, "api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var response = await Http.GetAsync(uri).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new Xunit.Sdk.XunitException($"query '{promql}' failed: {body}");
        var result = root.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0) return null;
        var value = result[0].GetProperty("value")[1].GetString()!;
        return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="promql"/> every 500 ms until <paramref name="condition"/> holds; returns the value.
    /// Fails with the last value and Prometheus' own view of its targets otherwise.</summary>
    public async Task<double> WaitForAsync(string promql, Func<double, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        double? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await QueryAsync(promql).ConfigureAwait(false);
            if (last is { } v && condition(v)) return v;
            await Task.Delay(500).ConfigureAwait(false);
        }
        var targets = await Http.GetStringAsync(new Uri(BaseUri, "api/v1/targets")).ConfigureAwait(false);
        throw new Xunit.Sdk.XunitException(
            $"'{promql}' did not reach the expected value within {timeout.TotalSeconds} s (last: {last?.ToString(CultureInfo.InvariantCulture) ?? "no data"}).\n" +
            $"targets: {ProcessResult.Tail(targets, 2000)}\n{Process.Describe(2000)}");
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited) throw new Xunit.Sdk.XunitException($"prometheus exited.\n{Process.Describe()}");
            try
            {
                using var response = await Http.GetAsync(new Uri(BaseUri, "-/ready")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new Xunit.Sdk.XunitException($"prometheus not ready after {timeout.TotalSeconds} s.\n{Process.Describe()}");
    }
}
