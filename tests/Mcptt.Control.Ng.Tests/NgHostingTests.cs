using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Hosting;
using Mcptt.Control.Ng.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Mcptt.Control.Ng.Tests.NgTestSupport;

namespace Mcptt.Control.Ng.Tests;

public class NgHostingTests
{
    [Fact]
    public async Task AddNgControl_hosts_the_port_and_frees_calls_on_stop()
    {
        var relay = new FakeRelayControl();
        var services = new ServiceCollection();
        services.AddSingleton<IRelayControl>(relay);
        services.AddSingleton(new MetricsRegistry());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddNgControl(new NgServerOptions { Port = 0 });
        await using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().Single();
        await hosted.StartAsync(CancellationToken.None);
        var endpoint = provider.GetRequiredService<NgServer>().LocalEndPoint!;
        using (var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var offer = Protocol.NgFraming.Frame("h1"u8, Bencode.BencodeWriter.ToArray(Offer()));
            await client.SendAsync(offer, endpoint, timeout.Token);
            var reply = await client.ReceiveAsync(timeout.Token);
            Assert.Contains("6:result2:ok", Encoding.ASCII.GetString(reply.Buffer));
        }
        Assert.Equal(1, provider.GetRequiredService<NgCallEngine>().CallCount);
        Assert.Equal(2, relay.Legs.Count);

        await hosted.StopAsync(CancellationToken.None);
        Assert.Empty(relay.Legs);
        Assert.Equal(0, provider.GetRequiredService<NgCallEngine>().CallCount);
    }
}
