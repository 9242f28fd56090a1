using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// The seed's "sipp load test" milestone: two sipp users register with digest auth, then 100 calls between
/// them through the appliance (a B2BUA) all complete (each INVITE answers the appliance's 407 challenge), and the
/// caller's rtp_stream reaches the callee only through relay ports.
/// </summary>
[Collection(FoundationPeersCollection.Name)]
public sealed class SippCallTests
{
    private const int Calls = 100;

    [Fact]
    public async Task Hundred_calls_between_registered_sipp_users_complete_with_media_through_relay_ports()
    {
        await using var app = await AppProcess.StartAsync();
        using var dir = new TempDirectory("sipp-calls");
        var toneUlaw = await Tones.ToMuLawAsync(await Tones.SineAsync(dir.Path, 1000, seconds: 1.5));
        var uacScenario = Path.Combine(dir.Path, "uac_call.xml");
        await File.WriteAllTextAsync(uacScenario,
            (await File.ReadAllTextAsync(RepoScenario("uac_call.xml"))).Replace("@TONE_ULAW_WAV@", toneUlaw, StringComparison.Ordinal));
        var register = RepoScenario("register.xml");
        var uasScenario = RepoScenario("uas_call.xml");

        int alicePort = FreePorts.Next();
        int bobPort = FreePorts.Next();
        int uacMedia = FreePorts.Block(4, alignment: 2);
        int uasMedia = FreePorts.Block(4, alignment: 2);

        // Register from the very ports the UAC and UAS use next: the registrar routes to the REGISTER's source.
        foreach (var (user, port) in new[] { ("alice", alicePort), ("bob", bobPort) })
        {
            var reg = await SippRunner.RunAsync(register,
                [app.SipTarget, "-s", user, "-ap", "secret", "-p", $"{port}", "-i", "127.0.0.1", "-m", "1", "-timeout", "10s", "-timeout_error"],
                TimeSpan.FromSeconds(15));
            Assert.True(reg.ExitCode == 0 && reg.SuccessfulCalls == 1, $"REGISTER {user}: {reg.Describe()}");
        }
        Assert.Equal(2, await app.GetMetricValueAsync("mcptt_registrations"));

        await using var capture = await TsharkCapture.StartAsync(
            $"udp and (portrange {app.Ports.MediaMin}-{app.Ports.MediaMax} or portrange {uacMedia}-{uacMedia + 3} or portrange {uasMedia}-{uasMedia + 3})",
            TimeSpan.FromSeconds(60));
        await using var uas = SippRunner.Start(uasScenario,
            ["-p", $"{bobPort}", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", $"{uasMedia}", "-rtp_echo", "-m", $"{Calls}", "-timeout", "50s"]);
        var uac = await SippRunner.RunAsync(uacScenario,
            [app.SipTarget, "-s", "bob", "-key", "caller", "alice", "-au", "alice", "-ap", "secret", "-d", "1500", "-p", $"{alicePort}", "-i", "127.0.0.1",
             "-mi", "127.0.0.1", "-mp", $"{uacMedia}", "-m", $"{Calls}", "-r", "20", "-l", $"{Calls}", "-timeout", "45s", "-timeout_error"],
            TimeSpan.FromSeconds(55));
        var uasResult = await uas.WaitAsync(TimeSpan.FromSeconds(20));
        var streams = await capture.RtpStreamsAsync(uasMedia, uacMedia);

        Assert.True(uac.ExitCode == 0, uac.Describe());
        Assert.Equal(Calls, uac.SuccessfulCalls);
        Assert.Equal(0, uac.FailedCalls);
        Assert.True(uasResult.ExitCode == 0, uasResult.Describe());

        bool InRelay(int port) => port >= app.Ports.MediaMin && port <= app.Ports.MediaMax;
        var toCallee = streams.Where(s => s.DestinationPort == uasMedia).ToList();
        Assert.NotEmpty(toCallee);
        Assert.All(toCallee, s => Assert.True(InRelay(s.SourcePort), $"RTP reached the callee from outside the relay range: {s}"));
        Assert.DoesNotContain(streams, s => s.SourcePort == uacMedia && s.DestinationPort == uasMedia);
        Assert.True(toCallee.Sum(s => s.Packets) >= Calls * 50, $"too little RTP reached the callee: {string.Join("; ", toCallee)}");
        Assert.True(await app.GetMetricValueAsync("mcptt_relay_packets_total", "kind=\"rtp\",dir=\"out\"") > 0);
        Assert.Equal(0, await app.GetMetricValueAsync("mcptt_calls_active"));
    }

    private static string RepoScenario(string fileName) => Path.Combine(RepoPaths.RepoRoot, "perf", "sipp", fileName);
}

[CollectionDefinition(Name)]
public sealed class FoundationPeersCollection
{
    public const string Name = "foundation peers";
}
