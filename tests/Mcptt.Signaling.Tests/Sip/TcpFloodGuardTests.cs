using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>The flood guard in the real TCP transport: first-message deadline, per-source caps, eviction at the total cap.</summary>
public sealed class TcpFloodGuardTests : IAsyncDisposable
{
    private SipStack _stack = null!;
    private IPEndPoint _target = null!;

    private async Task StartAsync(TimeSpan firstMessageTimeout)
    {
        var options = new SipStackOptions
        {
            UdpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Tcp = new SipTcpOptions { MaxConnections = 6 },
            Flood = new SipFloodOptions { MaxTcpConnectionsPerSource = 4, TcpFirstMessageTimeout = firstMessageTimeout },
        };
        _stack = new SipStack(options, new MetricsRegistry(), NullLogger<SipStack>.Instance) { RequestHandler = new RecordingHandler(_ => 200) };
        await _stack.StartAsync(CancellationToken.None);
        _target = _stack.GetTransport(SipTransportKind.Tcp)!.LocalEndPoint;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }

    private async Task<TcpClient> ConnectFromAsync(string source)
    {
        var client = new TcpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        await client.ConnectAsync(_target);
        return client;
    }

    private static async Task<bool> ClosedWithinAsync(TcpClient client, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await client.GetStream().ReadAsync(new byte[64], cts.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<bool> AnsweredAsync(TcpClient client, string source)
    {
        var options = $"OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP {source}:5999;branch=z9hG4bK{Guid.NewGuid():N}\r\nFrom: <sip:a@x>;tag=1\r\n" +
            $"To: <sip:x>\r\nCall-ID: {Guid.NewGuid():N}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(options));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[2048];
        int n = await client.GetStream().ReadAsync(buffer, cts.Token);
        return n > 0 && Encoding.ASCII.GetString(buffer, 0, n).StartsWith("SIP/2.0 200", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_without_a_complete_first_message_is_closed_at_the_deadline_one_that_sent_one_is_not()
    {
        await StartAsync(TimeSpan.FromMilliseconds(400));
        using var silent = await ConnectFromAsync("127.0.0.41");
        using var talker = await ConnectFromAsync("127.0.0.42");
        Assert.True(await AnsweredAsync(talker, "127.0.0.42"));
        Assert.True(await ClosedWithinAsync(silent, TimeSpan.FromSeconds(5)), "the silent connection outlived the first-message deadline");
        Assert.False(await ClosedWithinAsync(talker, TimeSpan.FromMilliseconds(800)), "a connection that sent a message was closed");
        Assert.True(_stack.FloodGuard.Refusals.Total(FloodRefusals.Reasons.TcpFirstMessage) >= 1);
    }

    [Fact]
    public async Task One_host_holds_at_most_its_cap_and_at_the_total_cap_waiting_connections_make_room()
    {
        await StartAsync(TimeSpan.FromMinutes(1));
        var held = new List<TcpClient>();
        try
        {
            for (int i = 0; i < 6; i++) held.Add(await ConnectFromAsync("127.0.0.51"));
            // Beyond its cap of 4 the host's connections are closed at once.
            int closed = 0;
            foreach (var c in held) if (await ClosedWithinAsync(c, TimeSpan.FromMilliseconds(200))) closed++;
            Assert.Equal(2, closed);
            for (int i = 0; i < 2; i++) held.Add(await ConnectFromAsync($"127.0.0.{52 + i}"));
            // The total cap (6) is reached by 4 + 2; a newcomer evicts the oldest silent connection and is served.
            using var newcomer = await ConnectFromAsync("127.0.0.60");
            Assert.True(await AnsweredAsync(newcomer, "127.0.0.60"));
            Assert.True(_stack.FloodGuard.Refusals.Total(FloodRefusals.Reasons.TcpEvicted) >= 1);
        }
        finally
        {
            foreach (var c in held) c.Dispose();
        }
    }
}
