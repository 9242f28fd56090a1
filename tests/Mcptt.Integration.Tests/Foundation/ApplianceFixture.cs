using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>One appliance process (free ports, default configuration) shared by the cases of one test class.</summary>
public sealed class ApplianceFixture : IAsyncLifetime
{
    private AppProcess? _app;

    public AppProcess App => _app ?? throw new InvalidOperationException("appliance not started");

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
