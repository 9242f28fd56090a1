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
        // Hundreds of malformed messages from one unauthenticated host: see ParserProbeApplianceFixture.
        ParserProbeApplianceFixture.ExemptTestHost,
    ]);

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
