using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>One appliance process (free ports, default configuration) shared by the cases of one test class.</summary>
public class ApplianceFixture : IAsyncLifetime
{
    private AppProcess? _app;

    public AppProcess App => _app ?? throw new InvalidOperationException("appliance not started");

    /// <summary>Command-line settings on top of the defaults.</summary>
    protected virtual IEnumerable<string> Arguments => [];

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(Arguments);

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>
/// The default appliance for parser conformance cases: they send hundreds of odd messages from one unauthenticated
/// host within seconds and check every answer, which the per-source flood guard would rightly hold to 50 messages/s
/// and 1x response bytes. The guard has its own attack tests (Attacks/); here the test host (127.0.0.1) is exempt.
/// </summary>
public sealed class ParserProbeApplianceFixture : ApplianceFixture
{
    public const string ExemptTestHost = "--SipFlood:ExemptNetworks:0=127.0.0.1";

    protected override IEnumerable<string> Arguments => [ExemptTestHost];
}
