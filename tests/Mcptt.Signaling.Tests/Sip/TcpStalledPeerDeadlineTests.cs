using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>
/// A TCP peer that stops sending in the middle of a message is idle too: with an idle timeout shorter than the
/// incomplete-message deadline (an operator's short Sip:TcpIdleTimeoutSeconds), the idle timeout closes it.
/// </summary>
public sealed class TcpStalledPeerDeadlineTests : IAsyncLifetime
{
    private SipStack _stack = null!;

    public async Task InitializeAsync()
    {
        var options = new SipStackOptions
        {
            UdpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Tcp = new SipTcpOptions { IdleTimeout = TimeSpan.FromMilliseconds(300), IncompleteMessageTimeout = TimeSpan.FromMinutes(1) },
        };
        _stack = new SipStack(options, new MetricsRegistry(), NullLogger<SipStack>.Instance) { RequestHandler = new RecordingHandler(_ => 200) };
        await _stack.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task PeerSilentMidMessageIsClosedByTheIdleTimeoutNotTheIncompleteMessageDeadline()
    {
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(_stack.GetTransport(SipTransportKind.Tcp)!.LocalEndPoint);
        var half = "OPTIONS sip:relay@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKstall\r\n";
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes(half));

        // Far below the one-minute incomplete-message deadline, far above the 300 ms idle timeout.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read = await stalled.GetStream().ReadAsync(new byte[64], cts.Token);

        Assert.Equal(0, read);
        Assert.Equal(1, _stack.Metrics.DroppedCount(SipMetrics.DropReasons.TcpTimeout));
    }
}
