using System.Diagnostics;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Appliance;

[Collection(ApplianceCollection.Name)]
public sealed class ApplianceLifecycleTests
{
    [Theory]
    [InlineData(PosixSignals.SigTerm)]
    [InlineData(PosixSignals.SigInt)]
    public async Task Starts_healthy_on_defaults_and_stops_gracefully_on_signal(int signal)
    {
        await using var app = await AppProcess.StartAsync();

        var (status, body, _) = await app.GetAsync("healthz");
        Assert.True(status == 200, $"healthz {status} {body}\n{app.Describe()}");
        Assert.Equal("ok", body.Trim());
        Assert.True(await app.Process.WaitForOutputAsync("started in", TimeSpan.FromSeconds(5)), app.Describe());
        var startupLine = app.Process.StdOut.Split('\n').Single(l => l.Contains("started in", StringComparison.Ordinal));
        Assert.Contains($"http 127.0.0.1:{app.Ports.Http}", startupLine);

        var clock = Stopwatch.StartNew();
        int rc = await app.Process.StopAsync(TimeSpan.FromSeconds(5), signal);

        Assert.True(rc == 0, $"exit code {rc} after signal {signal}\n{app.Describe()}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("Stopped after", app.Process.StdOut);
        Assert.Equal("", app.Process.StdErr);
    }

    [Fact]
    public async Task Unknown_path_is_404_and_metrics_is_get_only()
    {
        await using var app = await AppProcess.StartAsync();

        var (status, _, _) = await app.GetAsync("admin/secret");
        Assert.Equal(404, status);
        using var client = new HttpClient();
        using var post = await client.PostAsync(app.MetricsUri, new StringContent("x"));
        Assert.Equal(405, (int)post.StatusCode);
    }
}
