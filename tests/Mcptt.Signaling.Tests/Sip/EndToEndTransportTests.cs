using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Relay.Core.Stats;
using Mcptt.Signaling.Sip;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>The real UDP and TCP transports on 127.0.0.1 with ephemeral ports and shortened timers.</summary>
public sealed class EndToEndTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly RecordingHandler _handler = new(r => r.Request.IsInvite ? 486 : 200);
    private SipStack _stack = null!;

    public async Task InitializeAsync()
    {
        var options = new SipStackOptions
        {
            UdpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Parser = new SipParserOptions { MaxMessageSize = 2000 },
            Tcp = new SipTcpOptions { IncompleteMessageTimeout = TimeSpan.FromMilliseconds(300), MaxConnections = 8 },
            Timers = new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(40), T2 = TimeSpan.FromMilliseconds(160), T4 = TimeSpan.FromMilliseconds(200) },
            // Transaction and transport behaviour, not the flood guard (FloodGuardTests): retransmitted answers to an
            // unauthenticated host would rightly exceed its 1x response budget.
            Flood = new SipFloodOptions { ExemptNetworks = [IPNetwork.Parse("127.0.0.0/8")] },
        };
        _stack = new SipStack(options, new MetricsRegistry(), NullLogger<SipStack>.Instance) { RequestHandler = _handler };
        await _stack.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private IPEndPoint UdpPort => _stack.GetTransport(SipTransportKind.Udp)!.LocalEndPoint;
    private IPEndPoint TcpPort => _stack.GetTransport(SipTransportKind.Tcp)!.LocalEndPoint;

    private static string Options(string transport, IPEndPoint client, string branch) =>
        $"OPTIONS sip:relay@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/{transport} {client};branch={branch};rport\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:relay@127.0.0.1>\r\nCall-ID: {branch}@e2e\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    [Fact]
    public async Task OptionsOverUdpGets200()
    {
        using var client = UdpClientSocket();
        await client.SendToAsync(Encoding.ASCII.GetBytes(Options("UDP", (IPEndPoint)client.LocalEndPoint!, "z9hG4bKu1")), UdpPort);
        var response = await ReceiveUdpResponse(client);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, response.TopVia!.RPort);
    }

    [Fact]
    public async Task OptionsOverTcpGets200OnTheSameConnection()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(TcpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Options("TCP", (IPEndPoint)client.Client.LocalEndPoint!, "z9hG4bKt1")));
        var response = await ReadTcpResponse(stream);
        Assert.Equal(200, response.StatusCode);
        Assert.Contains("INVITE", response.Headers.Get("Allow"));
    }

    [Fact]
    public async Task StalledTcpClientIsClosedWhileOthersAreServed()
    {
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(TcpPort);
        var half = Options("TCP", (IPEndPoint)stalled.Client.LocalEndPoint!, "z9hG4bKhalf");
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes(half[..(half.Length / 2)]));

        using var healthy = new TcpClient();
        await healthy.ConnectAsync(TcpPort);
        await healthy.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Options("TCP", (IPEndPoint)healthy.Client.LocalEndPoint!, "z9hG4bKok")));
        Assert.Equal(200, (await ReadTcpResponse(healthy.GetStream())).StatusCode);

        // The stalled peer sees end-of-stream once the incomplete-message deadline passes.
        using var cts = new CancellationTokenSource(Wait);
        int read = await stalled.GetStream().ReadAsync(new byte[64], cts.Token);
        Assert.Equal(0, read);
        Assert.Equal(1, _stack.Metrics.DroppedCount(SipMetrics.DropReasons.TcpTimeout));

        await healthy.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Options("TCP", (IPEndPoint)healthy.Client.LocalEndPoint!, "z9hG4bKok2")));
        Assert.Equal(200, (await ReadTcpResponse(healthy.GetStream())).StatusCode);
    }

    [Fact]
    public async Task PipelinedAndSplitTcpMessagesAreFramedByContentLength()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(TcpPort);
        var stream = client.GetStream();
        var local = (IPEndPoint)client.Client.LocalEndPoint!;
        // A CRLF keep-alive, two messages in one write, then one message in three pieces.
        var both = "\r\n\r\n" + Options("TCP", local, "z9hG4bKp1") + Options("TCP", local, "z9hG4bKp2");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(both));
        var pieces = Encoding.ASCII.GetBytes(Options("TCP", local, "z9hG4bKp3"));
        await stream.WriteAsync(pieces.AsMemory(0, 10));
        await stream.FlushAsync();
        await Task.Delay(50);
        await stream.WriteAsync(pieces.AsMemory(10, 100));
        await stream.WriteAsync(pieces.AsMemory(110));

        var reader = new TcpMessageReader(stream);
        var branches = new List<string>();
        for (int i = 0; i < 3; i++) branches.Add((await reader.ReadResponse()).TopVia!.Branch!);
        Assert.Equal(["z9hG4bKp1", "z9hG4bKp2", "z9hG4bKp3"], branches);
        Assert.Equal(1, reader.KeepAlivePongs);
    }

    [Fact]
    public async Task TcpRequestWithoutContentLengthGets400AndTheConnectionCloses()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(TcpPort);
        var stream = client.GetStream();
        var text = Options("TCP", (IPEndPoint)client.Client.LocalEndPoint!, "z9hG4bKnocl").Replace("Content-Length: 0\r\n", "");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        var reader = new TcpMessageReader(stream);
        Assert.Equal(400, (await reader.ReadResponse()).StatusCode);
        Assert.True(await reader.AtEndOfStream());
    }

    [Fact]
    public async Task OversizedDatagramIsCountedAndDropped()
    {
        using var client = UdpClientSocket();
        var local = (IPEndPoint)client.LocalEndPoint!;
        var big = Options("UDP", local, "z9hG4bKbig").Replace("Content-Length: 0", "Content-Length: 2500") + new string('x', 2500);
        await client.SendToAsync(Encoding.ASCII.GetBytes(big), UdpPort);
        await client.SendToAsync(Encoding.ASCII.GetBytes(Options("UDP", local, "z9hG4bKsmall")), UdpPort);
        var response = await ReceiveUdpResponse(client);
        // The datagram after the oversized one is answered, and it is the only answer.
        Assert.Equal("z9hG4bKsmall", response.TopVia!.Branch);
        Assert.Equal(1, _stack.Metrics.DroppedCount(SipMetrics.DropReasons.TooLarge));
    }

    [Fact]
    public async Task InviteFinalResponseIsRetransmittedOverUdpUntilAck()
    {
        using var client = UdpClientSocket();
        var local = (IPEndPoint)client.LocalEndPoint!;
        string invite = $"INVITE sip:relay@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKinvE2E;rport\r\nMax-Forwards: 70\r\n" +
            "From: <sip:caller@127.0.0.1>;tag=c1\r\nTo: <sip:relay@127.0.0.1>\r\nCall-ID: inv@e2e\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n";
        await client.SendToAsync(Encoding.ASCII.GetBytes(invite), UdpPort);
        Assert.Equal(100, (await ReceiveUdpResponse(client)).StatusCode);
        var first = await ReceiveUdpResponse(client);
        Assert.Equal(486, first.StatusCode);
        var again = await ReceiveUdpResponse(client);
        Assert.Equal(486, again.StatusCode);
        Assert.Equal(first.To!.Tag, again.To!.Tag);

        string ack = $"ACK sip:relay@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKinvE2E;rport\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:caller@127.0.0.1>;tag=c1\r\nTo: {first.Headers.Get("To")}\r\nCall-ID: inv@e2e\r\nCSeq: 7 ACK\r\nContent-Length: 0\r\n\r\n";
        await client.SendToAsync(Encoding.ASCII.GetBytes(ack), UdpPort);
        // Without the ACK a copy would arrive every T2 (160 ms) until Timer H (2.56 s), about 7 in this
        // window; with it only copies already due while the ACK was in flight (at most 2 on a busy machine).
        int late = await CountArrivals(client, TimeSpan.FromMilliseconds(1200));
        Assert.InRange(late, 0, 2);
        Assert.Single(_handler.Requests, r => r.Request.IsInvite);
        Assert.DoesNotContain(_handler.Requests, r => r.Request.IsAck);
    }

    [Fact]
    public async Task OutgoingTcpRequestOpensAConnectionAndGetsItsResponse()
    {
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var peerEndPoint = (IPEndPoint)peer.LocalEndpoint;
        var got = new TaskCompletionSource<SipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = SipRequest.Create("OPTIONS", new SipUri("127.0.0.1", "peer", peerEndPoint.Port),
            new NameAddr(_stack.CreateContactUri(SipTransportKind.Tcp)) { Tag = "o1" }, new NameAddr(new SipUri("127.0.0.1", "peer")),
            SipIds.NewCallId(), 1, _stack.CreateVia(SipTransportKind.Tcp));
        _stack.SendRequest(request, SipTarget.Tcp(peerEndPoint), r => got.TrySetResult(r));

        using var accepted = await peer.AcceptTcpClientAsync().WaitAsync(Wait);
        var stream = accepted.GetStream();
        var received = await ReadTcpMessage(stream);
        var asRequest = Assert.IsType<SipRequest>(received);
        Assert.Equal("OPTIONS", asRequest.Method);
        var reply = SipResponse.CreateFor(asRequest, 200, null, "peer1");
        await stream.WriteAsync(SipSerializer.Serialize(reply));
        var response = await got.Task.WaitAsync(Wait);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("peer1", response.To!.Tag);

        // A second request to the same peer reuses the open connection.
        var second = SipRequest.Create("OPTIONS", new SipUri("127.0.0.1", "peer", peerEndPoint.Port),
            new NameAddr(new SipUri("127.0.0.1", "relay")) { Tag = "o3" }, new NameAddr(new SipUri("127.0.0.1", "peer")),
            SipIds.NewCallId(), 2, _stack.CreateVia(SipTransportKind.Tcp));
        _stack.SendRequest(second, SipTarget.Tcp(peerEndPoint), _ => { });
        var again = Assert.IsType<SipRequest>(await ReadTcpMessage(stream));
        Assert.Equal(second.CallId, again.CallId);
        Assert.False(peer.Pending());
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreRefusedAndCounted()
    {
        var options = new SipStackOptions
        {
            EnableUdp = false,
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Tcp = new SipTcpOptions { MaxConnections = 1 },
        };
        await using var small = new SipStack(options, new MetricsRegistry(), NullLogger<SipStack>.Instance) { RequestHandler = _handler };
        await small.StartAsync(CancellationToken.None);
        var port = small.GetTransport(SipTransportKind.Tcp)!.LocalEndPoint;

        using var first = new TcpClient();
        await first.ConnectAsync(port);
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Options("TCP", (IPEndPoint)first.Client.LocalEndPoint!, "z9hG4bKlim1")));
        Assert.Equal(200, (await ReadTcpResponse(first.GetStream())).StatusCode);

        using var second = new TcpClient();
        await second.ConnectAsync(port);
        using var cts = new CancellationTokenSource(Wait);
        Assert.Equal(0, await second.GetStream().ReadAsync(new byte[16], cts.Token));
        Assert.Equal(1, small.Metrics.DroppedCount(SipMetrics.DropReasons.ConnectionLimit));

        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Options("TCP", (IPEndPoint)first.Client.LocalEndPoint!, "z9hG4bKlim2")));
        Assert.Equal(200, (await ReadTcpResponse(first.GetStream())).StatusCode);
    }

    [Fact]
    public async Task RefusedTcpConnectIsReportedAs503()
    {
        // A port that was just free: nothing listens there, so the connect is refused.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = (IPEndPoint)probe.LocalEndpoint;
        probe.Stop();
        var got = new TaskCompletionSource<SipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = SipRequest.Create("OPTIONS", new SipUri("127.0.0.1", "nobody", closed.Port),
            new NameAddr(new SipUri("127.0.0.1", "relay")) { Tag = "o2" }, new NameAddr(new SipUri("127.0.0.1", "nobody")),
            SipIds.NewCallId(), 1, _stack.CreateVia(SipTransportKind.Tcp));
        var tx = _stack.SendRequest(request, SipTarget.Tcp(closed), r => got.TrySetResult(r));
        var response = await got.Task.WaitAsync(Wait);
        Assert.Equal(503, response.StatusCode);
        Assert.False(tx.TimedOut);
    }

    [Fact]
    public async Task BindFailureNamesTheAddressAndPort()
    {
        var taken = UdpPort;
        var options = new SipStackOptions { UdpEndPoint = taken, EnableTcp = false };
        await using var second = new SipStack(options, new MetricsRegistry(), NullLogger<SipStack>.Instance);
        var ex = await Assert.ThrowsAsync<SipTransportBindException>(() => second.StartAsync(CancellationToken.None));
        Assert.Contains(taken.ToString(), ex.Message);
        Assert.Contains("UDP", ex.Message);
    }

    private static Socket UdpClientSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task<SipResponse> ReceiveUdpResponse(Socket socket)
    {
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(Wait);
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        var parsed = SipParser.Parse(buffer.AsSpan(0, result.ReceivedBytes), SipFraming.Datagram);
        return Assert.IsType<SipResponse>(parsed.Message);
    }

    private static async Task<int> CountArrivals(Socket socket, TimeSpan window)
    {
        var buffer = new byte[65536];
        int count = 0;
        using var cts = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                count++;
            }
        }
        catch (OperationCanceledException)
        {
            return count;
        }
    }

    private static async Task<SipResponse> ReadTcpResponse(NetworkStream stream) => Assert.IsType<SipResponse>(await ReadTcpMessage(stream));

    private static async Task<SipMessage> ReadTcpMessage(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        using var cts = new CancellationTokenSource(Wait);
        while (true)
        {
            var result = SipParser.Parse(buffer.ToArray(), SipFraming.Stream);
            if (result.Success) return result.Message!;
            Assert.NotEqual(SipParseStatus.Error, result.Status);
            int n = await stream.ReadAsync(chunk, cts.Token);
            Assert.NotEqual(0, n);
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Reads SIP messages off a stream, counting bare CRLF keep-alive pongs.</summary>
    private sealed class TcpMessageReader(NetworkStream stream)
    {
        private readonly List<byte> _buffer = new();

        public int KeepAlivePongs { get; private set; }

        public async Task<SipResponse> ReadResponse()
        {
            using var cts = new CancellationTokenSource(Wait);
            var chunk = new byte[4096];
            while (true)
            {
                while (_buffer.Count >= 2 && _buffer[0] == '\r' && _buffer[1] == '\n')
                {
                    _buffer.RemoveRange(0, 2);
                    KeepAlivePongs++;
                }
                var result = SipParser.Parse(_buffer.ToArray(), SipFraming.Stream);
                if (result.Success)
                {
                    _buffer.RemoveRange(0, result.BytesConsumed);
                    return Assert.IsType<SipResponse>(result.Message);
                }
                Assert.Equal(SipParseStatus.Incomplete, result.Status);
                int n = await stream.ReadAsync(chunk, cts.Token);
                Assert.NotEqual(0, n);
                _buffer.AddRange(chunk.AsSpan(0, n).ToArray());
            }
        }

        public async Task<bool> AtEndOfStream()
        {
            using var cts = new CancellationTokenSource(Wait);
            return _buffer.Count == 0 && await stream.ReadAsync(new byte[16], cts.Token) == 0;
        }
    }
}
