using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// One appliance with tight input limits so hostile-input cases hit them in seconds: a 1 s TCP idle timeout
/// (Sip:TcpIdleTimeoutSeconds), few TCP connections (Sip:MaxTcpConnections) and a 16 KiB message limit
/// (Sip:MaxMessageSize, so a 65000-byte datagram is oversized).
/// </summary>
public sealed class BadInputApplianceFixture : IAsyncLifetime
{
    public const int TcpIdleTimeoutSeconds = 1;
    public const int MaxTcpConnections = 8;
    public const int MaxMessageSize = 16384;

    private AppProcess? _app;

    public AppProcess App => _app ?? throw new InvalidOperationException("appliance not started");

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(
    [
        $"--Sip:TcpIdleTimeoutSeconds={TcpIdleTimeoutSeconds}",
        $"--Sip:MaxTcpConnections={MaxTcpConnections}",
        $"--Sip:MaxMessageSize={MaxMessageSize}",
        // These cases send hundreds of malformed messages from one unauthenticated host within seconds and check each
        // answer; the per-source flood guard would rightly hold that host to 50 messages/s and 1x response bytes.
        // The guard has its own attack tests (Attacks/), so here the test host is exempt.
        "--SipFlood:ExemptNetworks:0=127.0.0.1",
    ]);

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
