namespace Mcptt.RtpBlaster.Reporting;

/// <summary>
/// Saves one GET of a Prometheus /metrics page to a file, so a script can diff the relay's counters
/// around exactly the measured part of a trial (after call setup and warm-up, before teardown):
/// scraping from the script instead would also count the ng control plane's work.
/// </summary>
internal static class MetricsScrape
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static void Save(Uri url, string path)
        => File.WriteAllText(path, Http.GetStringAsync(url).GetAwaiter().GetResult());
}
