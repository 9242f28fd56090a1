using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// The seed's final milestone: two real SIP clients (headless baresip) register with digest auth and call
/// each other through the appliance; each hears the other's tone, the RTP demonstrably went through the
/// relay's ports, and a real Prometheus server sees the relayed packets.
/// </summary>
[Collection(FoundationPeersCollection.Name)]
public sealed class BaresipCallTests
{
    [Fact]
    public async Task Baresip_call_through_the_relay_carries_both_tones_and_prometheus_sees_it()
    {
        await using var app = await AppProcess.StartAsync();
        using var dir = new TempDirectory("baresip-call");
        var tone1k = await Tones.SineAsync(dir.Path, 1000, seconds: 4);
        var tone440 = await Tones.SineAsync(dir.Path, 440, seconds: 8);
        await using var bob = await BaresipInstance.StartAsync(new BaresipOptions
        {
            User = "bob", SourceWav = tone440, Registrar = app.SipTarget, Lifetime = TimeSpan.FromSeconds(30),
        });
        await using var alice = await BaresipInstance.StartAsync(new BaresipOptions
        {
            User = "alice", SourceWav = tone1k, Registrar = app.SipTarget, Lifetime = TimeSpan.FromSeconds(30),
        });
        await bob.WaitRegisteredAsync(TimeSpan.FromSeconds(10));
        await alice.WaitRegisteredAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await app.GetMetricValueAsync("mcptt_registrations"));

        await using var capture = await TsharkCapture.StartAsync(
            $"udp and (portrange {app.Ports.MediaMin}-{app.Ports.MediaMax} or portrange {alice.RtpPortMin}-{alice.RtpPortMax} or portrange {bob.RtpPortMin}-{bob.RtpPortMax})",
            TimeSpan.FromSeconds(30));
        await alice.DialAsync($"sip:bob@{app.SipTarget}", TimeSpan.FromSeconds(10));
        // alice's source WAV ends after 4 s and her menu module hangs up (BYE through the B2BUA).
        await alice.Control.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(15));
        await bob.Control.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(5));
        Assert.Equal(0, await alice.QuitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await bob.QuitAsync(TimeSpan.FromSeconds(5)));

        var heardByBob = AudioAnalysis.Analyze(Assert.Single(bob.DecodedRecordings()));
        var heardByAlice = AudioAnalysis.Analyze(Assert.Single(alice.DecodedRecordings()));
        Assert.InRange(heardByBob.FrequencyHz, 950, 1050);
        Assert.InRange(heardByAlice.FrequencyHz, 418, 462);
        Assert.True(heardByBob.Rms > 0.1 && heardByBob.ActiveSeconds > 2, $"bob heard {heardByBob}");
        Assert.True(heardByAlice.Rms > 0.1 && heardByAlice.ActiveSeconds > 2, $"alice heard {heardByAlice}");

        var streams = await capture.RtpStreamsAsync();
        bool InRelay(int port) => port >= app.Ports.MediaMin && port <= app.Ports.MediaMax;
        bool IsAlice(int port) => port >= alice.RtpPortMin && port <= alice.RtpPortMax;
        bool IsBob(int port) => port >= bob.RtpPortMin && port <= bob.RtpPortMax;
        Assert.Contains(streams, s => IsAlice(s.SourcePort) && InRelay(s.DestinationPort) && s.Packets > 100);
        Assert.Contains(streams, s => InRelay(s.SourcePort) && IsBob(s.DestinationPort) && s.Packets > 100);
        Assert.Contains(streams, s => IsBob(s.SourcePort) && InRelay(s.DestinationPort) && s.Packets > 100);
        Assert.Contains(streams, s => InRelay(s.SourcePort) && IsAlice(s.DestinationPort) && s.Packets > 100);
        Assert.DoesNotContain(streams, s => (IsAlice(s.SourcePort) && IsBob(s.DestinationPort)) || (IsBob(s.SourcePort) && IsAlice(s.DestinationPort)));

        await using var prometheus = await PrometheusServer.StartAsync(app.HttpTarget);
        var relayed = await prometheus.WaitForAsync("sum(mcptt_relay_packets_total{job=\"mcptt\",dir=\"out\"})", v => v > 0, TimeSpan.FromSeconds(30));
        Assert.True(relayed > 200, $"Prometheus saw {relayed} relayed packets");
    }
}
