using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Commands;
using Mcptt.Control.Ng.Protocol;
using Mcptt.Control.Ng.Server;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.Logging.Abstractions;
using static Mcptt.Control.Ng.Tests.NgTestSupport;

namespace Mcptt.Control.Ng.Tests;

public class NgServerTests
{
    private static readonly IPEndPoint Client = Ep("127.0.0.1", 40000);

    private static (NgServer Server, FakeRelayControl Relay, MetricsRegistry Metrics, ManualTime Time) CreateServer(NgServerOptions? options = null)
    {
        var relay = new FakeRelayControl();
        var metrics = new MetricsRegistry();
        var time = new ManualTime();
        var processor = new NgCommandProcessor(new NgCallEngine(relay, time: time), metrics);
        var server = new NgServer(options ?? new NgServerOptions { Port = 0 }, processor, metrics, NullLogger<NgServer>.Instance, time);
        return (server, relay, metrics, time);
    }

    private static byte[] Datagram(string cookie, BDictionary document)
        => NgFraming.Frame(Encoding.ASCII.GetBytes(cookie), BencodeWriter.ToArray(document));

    private static (string Cookie, BDictionary Reply) Parse(byte[]? datagram)
    {
        Assert.NotNull(datagram);
        Assert.True(NgFraming.TrySplit(datagram, out var cookie, out var document));
        Assert.Equal(BencodeError.None, BencodeReader.TryReadDictionary(document, BencodeLimits.Default, out var reply));
        return (Encoding.ASCII.GetString(cookie), reply!);
    }

    [Fact]
    public void Ping_datagram_is_answered_with_the_same_cookie()
    {
        var (server, _, _, _) = CreateServer();
        var reply = server.HandleDatagram("5323_1 d7:command4:pinge"u8, Client);
        Assert.Equal("5323_1 d6:result4:ponge", Encoding.ASCII.GetString(reply!));
    }

    [Fact]
    public void Retransmitted_offer_is_answered_from_cache_without_running_twice()
    {
        var (server, relay, metrics, _) = CreateServer();
        var datagram = Datagram("77_1", Offer());
        var first = server.HandleDatagram(datagram, Client);
        var second = server.HandleDatagram(datagram, Client);
        Assert.Equal(first, second);
        Assert.Equal(2, relay.AllocateCalls);
        Assert.Contains("mcptt_ng_retransmits_total 1", metrics.Render());
        Assert.Contains("mcptt_ng_commands_total{command=\"offer\",result=\"ok\"} 1", metrics.Render());

        // A different client with the same cookie is a different command.
        server.HandleDatagram(Datagram("77_1", Offer(callId: "other")), Ep("127.0.0.1", 40001));
        Assert.Equal(4, relay.AllocateCalls);
    }

    [Fact]
    public void Cached_replies_expire_after_the_ttl()
    {
        var (server, _, metrics, time) = CreateServer(new NgServerOptions { Port = 0, ReplyCacheTtl = TimeSpan.FromSeconds(30) });
        var ping = Datagram("c1", Command("ping"));
        server.HandleDatagram(ping, Client);
        time.Advance(TimeSpan.FromSeconds(29));
        server.HandleDatagram(ping, Client);
        Assert.Contains("mcptt_ng_retransmits_total 1", metrics.Render());
        time.Advance(TimeSpan.FromSeconds(2));
        server.HandleDatagram(ping, Client);
        Assert.Contains("mcptt_ng_retransmits_total 1", metrics.Render());
        Assert.Contains("mcptt_ng_commands_total{command=\"ping\",result=\"ok\"} 2", metrics.Render());
    }

    [Fact]
    public void Reply_cache_is_bounded()
    {
        var (server, _, metrics, _) = CreateServer(new NgServerOptions { Port = 0, ReplyCacheCapacity = 4 });
        for (int i = 0; i < 10; i++) server.HandleDatagram(Datagram("c" + i, Command("ping")), Client);
        server.HandleDatagram(Datagram("c0", Command("ping")), Client); // evicted: runs again
        server.HandleDatagram(Datagram("c9", Command("ping")), Client); // still cached
        string text = metrics.Render();
        Assert.Contains("mcptt_ng_commands_total{command=\"ping\",result=\"ok\"} 11", text);
        Assert.Contains("mcptt_ng_retransmits_total 1", text);
    }

    [Theory]
    [InlineData("abc d7:command")]
    [InlineData("abc i1e")]
    [InlineData("abc " + "llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll")]
    [InlineData("abc 999999999:x")]
    public void Malformed_document_with_a_cookie_gets_an_error_reply(string text)
    {
        var (server, _, metrics, _) = CreateServer();
        var (cookie, reply) = Parse(server.HandleDatagram(Encoding.ASCII.GetBytes(text), Client));
        Assert.Equal("abc", cookie);
        Assert.Equal("error", reply.GetString("result"));
        Assert.StartsWith("Failed to decode", reply.GetString("error-reason"));
        Assert.Contains("mcptt_ng_malformed_total 1", metrics.Render());
    }

    [Theory]
    [InlineData("nospace")]
    [InlineData(" d7:command4:pinge")]
    [InlineData("\u0001\u0002 de")]
    public void Datagram_without_a_cookie_is_a_counted_drop(string text)
    {
        var (server, _, metrics, _) = CreateServer();
        Assert.Null(server.HandleDatagram(Encoding.ASCII.GetBytes(text), Client));
        Assert.Contains("mcptt_ng_dropped_total{reason=\"no_cookie\"} 1", metrics.Render());
    }

    [Fact]
    public void Oversized_datagram_gets_an_error_without_decoding()
    {
        var (server, _, metrics, _) = CreateServer(new NgServerOptions { Port = 0, MaxMessageBytes = 100 });
        var big = Encoding.ASCII.GetBytes("big d3:sdp200:" + new string('x', 200) + "e");
        var (_, reply) = Parse(server.HandleDatagram(big, Client));
        Assert.Equal("Message too large", reply.GetString("error-reason"));
        Assert.Contains("mcptt_ng_dropped_total{reason=\"too_large\"} 1", metrics.Render());
    }

    [Fact]
    public async Task Udp_round_trip_on_loopback()
    {
        var (server, relay, _, _) = CreateServer();
        await server.StartAsync(CancellationToken.None);
        try
        {
            var endpoint = server.LocalEndPoint!;
            Assert.NotEqual(0, endpoint.Port);
            using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

            async Task<(string, BDictionary)> SendAsync(byte[] datagram)
            {
                await client.SendAsync(datagram, endpoint, timeout.Token);
                var received = await client.ReceiveAsync(timeout.Token);
                return Parse(received.Buffer);
            }

            var (cookie, pong) = await SendAsync(Encoding.ASCII.GetBytes("1_1 d7:command4:pinge"));
            Assert.Equal("1_1", cookie);
            Assert.Equal("pong", pong.GetString("result"));

            var offer = Datagram("1_2", Offer());
            var (_, first) = await SendAsync(offer);
            var (_, retransmitted) = await SendAsync(offer);
            Assert.Equal(first.GetString("sdp"), retransmitted.GetString("sdp"));
            Assert.Equal(2, relay.AllocateCalls);

            var (_, answer) = await SendAsync(Datagram("1_3", Answer()));
            Assert.Equal("ok", answer.GetString("result"));
            var (_, deleted) = await SendAsync(Datagram("1_4", Command("delete", "call-1").Set("from-tag", "tagA")));
            Assert.Equal("ok", deleted.GetString("result"));
            Assert.Empty(relay.Legs);

            // Garbage doesn't stop the loop.
            await client.SendAsync(Encoding.ASCII.GetBytes("junk"), endpoint, timeout.Token);
            var (_, stillAlive) = await SendAsync(Encoding.ASCII.GetBytes("1_5 d7:command4:pinge"));
            Assert.Equal("pong", stillAlive.GetString("result"));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
        Assert.Null(server.LocalEndPoint);
    }
}
