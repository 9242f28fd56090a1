using System.Net;
using Mcptt.Client.Core;
using Mcptt.Client.Media;
using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Client;

/// <summary>
/// The mcptt-client against the real appliance process: digest registration with the demo
/// accounts, a full-duplex private call through the B2BUA and relay (tone in, same tone recorded
/// out), and the command line's exit code and failure message for a failing script.
/// </summary>
public sealed class ClientThroughApplianceTests(ApplianceFixture fixture) : IClassFixture<ApplianceFixture>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new("mcptt-client-appliance");

    private IPEndPoint Server => new(IPAddress.Loopback, fixture.App.Ports.Sip);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Demo_user_registers_with_digest_and_a_wrong_password_is_refused()
    {
        await using var alice = new McpttClient(new McpttClientOptions { Server = Server, User = "alice", Password = "secret" });
        var ok = await alice.RegisterAsync();
        Assert.True(ok.IsSuccess, $"{ok.StatusCode} {ok.ReasonPhrase}");
        Assert.True(alice.IsRegistered);

        await using var mallory = new McpttClient(new McpttClientOptions { Server = Server, User = "bob", Password = "wrong" });
        var refused = await mallory.RegisterAsync();
        Assert.InRange(refused.StatusCode, 400, 499);
        Assert.False(mallory.IsRegistered);
    }

    [Fact]
    public async Task Full_duplex_private_call_relays_each_sides_tone()
    {
        string aliceWav = _dir.File("alice-heard.wav"), bobWav = _dir.File("bob-heard.wav");
        var alice = new McpttClient(new McpttClientOptions { Server = Server, User = "carol", FloorControl = false, ToneHz = 700, RecordWav = aliceWav });
        var bob = new McpttClient(new McpttClientOptions { Server = Server, User = "dave", AutoAnswer = true, ToneHz = 440, RecordWav = bobWav });
        int aliceSent, bobSent;
        await using (alice)
        await using (bob)
        {
            Assert.True((await bob.RegisterAsync()).IsSuccess);
            Assert.True((await alice.RegisterAsync()).IsSuccess);
            var answer = await alice.CallAsync($"sip:dave@127.0.0.1:{fixture.App.Ports.Sip}");
            Assert.Equal(200, answer.StatusCode);
            Assert.NotNull(await bob.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.Connected, Wait, default));

            // The relay anchors media: both sides send to the appliance, not to each other.
            Assert.NotEqual(bob.AudioEndPoint, alice.RemoteMedia!.Audio);
            Assert.Null(alice.RemoteMedia.Floor);

            aliceSent = await alice.TalkAsync(TimeSpan.FromSeconds(1));
            bobSent = await bob.TalkAsync(TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => bob.RtpStats.Packets >= aliceSent && alice.RtpStats.Packets >= bobSent);
            Assert.Equal(0, bob.RtpStats.LostPackets);
            Assert.Equal(0, alice.RtpStats.LostPackets);

            await alice.HangupAsync();
            Assert.NotNull(await bob.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.Terminated, Wait, default));
        }

        short[] heardByBob = WavReader.ReadMono8k(bobWav);
        short[] heardByAlice = WavReader.ReadMono8k(aliceWav);
        Assert.Equal(aliceSent * AudioChannel.SamplesPerPacket, heardByBob.Length);
        Assert.Equal(bobSent * AudioChannel.SamplesPerPacket, heardByAlice.Length);
        Assert.InRange(ToneGenerator.EstimateFrequency(heardByBob), 680, 720);
        Assert.InRange(ToneGenerator.EstimateFrequency(heardByAlice), 425, 455);
    }

    [Fact]
    public async Task Command_line_script_failure_exits_1_naming_the_step()
    {
        string client = Path.Combine(RepoPaths.OutputDirectory, "mcptt-client.dll");
        ProcessResult result = await ProcessRunner.RunAsync("dotnet",
            [client, "--server", fixture.App.SipTarget, "--user", "erin", "--password", "wrong", "--script", "echo start; wait-registered 5s; echo unreachable"],
            TimeSpan.FromSeconds(30));

        Assert.False(result.TimedOut, result.Describe());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAILED step 2 'wait-registered 5s'", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("expected registered but got RegistrationFailed", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("> step 3", result.StdOut, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
