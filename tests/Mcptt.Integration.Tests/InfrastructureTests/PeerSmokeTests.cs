using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.InfrastructureTests;

/// <summary>
/// The peer wrappers work against each other, without the appliance: if these fail, a failing relay test is
/// about the infrastructure, not the relay.
/// </summary>
[Collection(PeerSmokeCollection.Name)]
public sealed class PeerSmokeTests
{
    [Fact]
    public async Task Sipp_uac_calls_sipp_uas_and_tshark_sees_the_invites()
    {
        int uasPort = FreePorts.Next();
        int uacPort = FreePorts.Next();
        await using var capture = await TsharkCapture.StartAsync($"udp and (port {uasPort} or port {uacPort})", TimeSpan.FromSeconds(30));
        await using var uas = SippRunner.Start(null, ["-sn", "uas", "-p", $"{uasPort}", "-i", "127.0.0.1", "-m", "5", "-timeout", "20s"]);

        var uac = await SippRunner.RunAsync(null,
            ["-sn", "uac", $"127.0.0.1:{uasPort}", "-p", $"{uacPort}", "-i", "127.0.0.1", "-m", "5", "-r", "20", "-timeout", "15s", "-timeout_error"],
            TimeSpan.FromSeconds(20));
        var uasResult = await uas.WaitAsync(TimeSpan.FromSeconds(20));
        await capture.StopAsync();
        var invites = await capture.ReadAsync("-Y", "sip.Method == \"INVITE\"", "-T", "fields", "-e", "sip.Call-ID");

        Assert.True(uac.ExitCode == 0, uac.Describe());
        Assert.Equal(5, uac.SuccessfulCalls);
        Assert.Equal(0, uac.FailedCalls);
        Assert.True(uasResult.ExitCode == 0, uasResult.Describe());
        Assert.Equal(5, invites.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count());
    }

    [Fact]
    public async Task Baresip_calls_baresip_directly_and_each_side_hears_the_other_tone()
    {
        using var dir = new TempDirectory("tones");
        var tone1k = await Tones.SineAsync(dir.Path, 1000, seconds: 3);
        var tone440 = await Tones.SineAsync(dir.Path, 440, seconds: 6);
        await using var bob = await BaresipInstance.StartAsync(new BaresipOptions { User = "bob", SourceWav = tone440, Password = null, Lifetime = TimeSpan.FromSeconds(20) });
        await using var alice = await BaresipInstance.StartAsync(new BaresipOptions { User = "alice", SourceWav = tone1k, Password = null, Lifetime = TimeSpan.FromSeconds(20) });

        await alice.DialAsync(bob.DirectUri, TimeSpan.FromSeconds(10));
        // alice's source ends after 3 s and her menu module hangs up.
        await alice.Control.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10));
        await bob.Control.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(5));
        Assert.Equal(0, await alice.QuitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await bob.QuitAsync(TimeSpan.FromSeconds(5)));

        var heardByBob = AudioAnalysis.Analyze(Assert.Single(bob.DecodedRecordings()));
        var heardByAlice = AudioAnalysis.Analyze(Assert.Single(alice.DecodedRecordings()));
        Assert.InRange(heardByBob.FrequencyHz, 950, 1050);
        Assert.InRange(heardByAlice.FrequencyHz, 420, 460);
        Assert.True(heardByBob.Rms > 0.1, $"bob heard {heardByBob}");
        Assert.True(heardByBob.ActiveSeconds > 1.5, $"bob heard {heardByBob}");
    }
}

[CollectionDefinition(Name)]
public sealed class PeerSmokeCollection
{
    public const string Name = "peer smoke";
}
