using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>
/// Issue 10, finding 6: the TCP connection cap held, but a sustained attacker reopening 250 connections per second
/// kept legitimate TCP clients at 37 % success, and every refused connection logged a warning line (11,453 lines in
/// 25 s).
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class TcpSlowlorisTests
{
    private const int AttackRatePerSecond = 250;
    private const int LegitimateClients = 4;
    private static readonly TimeSpan AttackTime = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan Head = TimeSpan.FromSeconds(1);
    private readonly ITestOutputHelper _output;

    public TcpSlowlorisTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Legitimate_tcp_clients_succeed_95_percent_while_one_host_reopens_250_idle_connections_per_second()
    {
        // A cap of 128 instead of 1,024 only makes the attacker fill it within half a second instead of four.
        await using var app = await AppProcess.StartAsync(["--Sip:MaxTcpConnections=128"]);
        var target = new IPEndPoint(IPAddress.Loopback, app.Ports.Sip);
        using var stop = new CancellationTokenSource(AttackTime);
        var attacker = new Slowloris(target, AttackSources.Slowloris);
        var attack = attacker.RunAsync(AttackRatePerSecond, stop.Token);
        await Task.Delay(Head);

        var clients = Enumerable.Range(0, LegitimateClients).Select(i => LegitimateLoopAsync(target, i, stop.Token)).ToArray();
        var results = await Task.WhenAll(clients);
        await attack;
        int attempts = results.Sum(r => r.Attempts), successes = results.Sum(r => r.Successes);
        double ratio = attempts == 0 ? 0 : (double)successes / attempts;
        int refusalLines = app.Process.StdOut.Split('\n').Count(l => l.Contains("refus", StringComparison.OrdinalIgnoreCase)
            || l.Contains("connection limit", StringComparison.OrdinalIgnoreCase));
        _output.WriteLine($"attacker opened {attacker.Opened} connections ({attacker.Opened / AttackTime.TotalSeconds:F0}/s), " +
            $"legitimate: {successes}/{attempts} = {ratio:P1}, refusal log lines: {refusalLines}");

        Assert.True(attempts >= 20, $"only {attempts} legitimate attempts in {AttackTime.TotalSeconds} s");
        Assert.True(attacker.Opened >= AttackRatePerSecond * 3, $"the attacker opened only {attacker.Opened} connections");
        Assert.True(ratio >= 0.95, $"legitimate TCP success {ratio:P1} ({successes} of {attempts}) under the slowloris attack");
        Assert.True(refusalLines <= 20, $"{refusalLines} log lines about refused connections in {AttackTime.TotalSeconds} s");
    }

    /// <summary>Connect, OPTIONS, wait for the response, close; again until the attack ends. Each legitimate client is its
    /// own host (127.0.0.21, ...), as phones are: one host opening ~20 connections a second is itself held to the
    /// per-source message rate.</summary>
    private static async Task<(int Attempts, int Successes)> LegitimateLoopAsync(IPEndPoint target, int client, CancellationToken stop)
    {
        var source = IPAddress.Parse($"127.0.0.{21 + client}");
        int attempts = 0, successes = 0;
        while (!stop.IsCancellationRequested)
        {
            attempts++;
            if (await OptionsOverTcpAsync(target, source, client, attempts)) successes++;
            await Task.Delay(50, CancellationToken.None);
        }
        return (attempts, successes);
    }

    private static async Task<bool> OptionsOverTcpAsync(IPEndPoint target, IPAddress source, int client, int n)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target, timeout.Token);
            var local = (IPEndPoint)socket.LocalEndPoint!;
            var options = $"OPTIONS sip:{target} SIP/2.0\r\nVia: SIP/2.0/TCP {local};branch=z9hG4bK-legit{client}-{n}-{Environment.TickCount64}\r\n" +
                $"Max-Forwards: 70\r\nFrom: <sip:probe@{source}>;tag=l{client}\r\nTo: <sip:{target}>\r\nCall-ID: legit-{client}-{n}-{Guid.NewGuid():N}\r\n" +
                "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(options), SocketFlags.None, timeout.Token);
            var buffer = new byte[4096];
            int received = 0;
            while (received < buffer.Length)
            {
                int n2 = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
                if (n2 == 0) return false;
                received += n2;
                var text = Encoding.ASCII.GetString(buffer, 0, received);
                if (text.Contains("\r\n\r\n", StringComparison.Ordinal)) return text.StartsWith("SIP/2.0 200", StringComparison.Ordinal);
            }
            return false;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Opens idle connections from one address at a fixed rate and holds each until the appliance closes it.</summary>
    private sealed class Slowloris(IPEndPoint target, IPAddress source)
    {
        private const int MaxOpen = 4000;
        private readonly ConcurrentDictionary<Socket, byte> _open = new();
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        public async Task RunAsync(int perSecond, CancellationToken stop)
        {
            var holders = new List<Task>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long due = 0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    long shouldHave = (long)(clock.Elapsed.TotalSeconds * perSecond);
                    for (; due < shouldHave; due++)
                        if (_open.Count < MaxOpen) holders.Add(HoldAsync(stop));
                    await Task.Delay(4, CancellationToken.None);
                }
                await Task.WhenAll(holders);
            }
            finally
            {
                foreach (var socket in _open.Keys) socket.Dispose();
            }
        }

        private async Task HoldAsync(CancellationToken stop)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _open[socket] = 0;
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(target, stop);
                Interlocked.Increment(ref _opened);
                // Never send a byte; wait until the appliance closes the connection or the attack ends.
                var buffer = new byte[256];
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, stop) > 0) { }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                _open.TryRemove(socket, out _);
                socket.Dispose();
            }
        }
    }
}
