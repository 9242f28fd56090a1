using System.Net;
using Mcptt.Client.Core;
using Mcptt.Client.Media;
using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Group;

namespace Mcptt.Integration.Tests.Private;

/// <summary>
/// A private (1:1) call with floor control through the real appliance, two MCPTT test clients: the appliance is the
/// floor control server, so only the floor holder's audio reaches the other side and the floor changes hands on release.
/// </summary>
public sealed class PrivateCallFloorTests(ApplianceFixture fixture) : IClassFixture<ApplianceFixture>
{
    private const string NotFloorHolder = "reason=\"not_floor_holder\"";

    private async Task<McpttClient> ClientAsync(string user, double toneHz, bool autoAnswer)
    {
        var client = new McpttClient(new McpttClientOptions
        {
            Server = new IPEndPoint(IPAddress.Loopback, fixture.App.Ports.Sip),
            User = user,
            Password = "secret",
            Queueing = true,
            AutoAnswer = autoAnswer,
            ToneHz = toneHz,
        });
        Assert.Equal(200, (await client.RegisterAsync()).StatusCode);
        return client;
    }

    [Fact]
    public async Task Only_the_floor_holder_is_heard_and_the_floor_changes_hands_on_release()
    {
        await using var alice = await ClientAsync("alice", toneHz: 600, autoAnswer: false);
        await using var bob = await ClientAsync("bob", toneHz: 900, autoAnswer: true);
        long b0 = bob.Journal.NextSequence;

        var ok = await alice.CallAsync($"sip:bob@127.0.0.1:{fixture.App.Ports.Sip}");
        Assert.Equal(200, ok.StatusCode);
        await bob.WaitForAsync(b0, ClientEventKind.Connected);
        // Each side's floor channel ends at the appliance (its floor server), not at the other client.
        var aliceFloor = alice.RemoteMedia!.Floor;
        var bobFloor = bob.RemoteMedia!.Floor;
        Assert.NotNull(aliceFloor);
        Assert.NotNull(bobFloor);
        Assert.NotEqual(bob.FloorEndPoint.Port, aliceFloor.Port);
        Assert.NotEqual(aliceFloor.Port, bobFloor.Port);
        Assert.Contains("mc_queueing", alice.RemoteMedia.FloorFmtp);
        // The session starts idle: both sides are told so.
        await alice.WaitForAsync(0, ClientEventKind.FloorIdle);
        await bob.WaitForAsync(b0, ClientEventKind.FloorIdle);

        long a1 = alice.Journal.NextSequence, b1 = bob.Journal.NextSequence;
        await alice.RequestFloorAsync();
        await alice.WaitForAsync(a1, ClientEventKind.FloorGranted);
        var taken = await bob.WaitForAsync(b1, ClientEventKind.FloorTaken);
        Assert.Equal("sip:alice@127.0.0.1", taken.Floor!.GrantedPartyIdentity);

        // alice talks; bob sends without permission at the same time: the relay drops his audio and counts it.
        double droppedBefore = await fixture.App.GetMetricValueAsync("mcptt_relay_dropped_total", NotFloorHolder) ?? 0;
        var aliceTalk = alice.TalkAsync(TimeSpan.FromSeconds(1.5));
        await Task.Delay(200);
        int bobForced = await bob.TalkAsync(TimeSpan.FromSeconds(1), ignoreFloor: true);
        int aliceSent = await aliceTalk;
        Assert.True(bobForced > 0 && aliceSent > 0, $"alice sent {aliceSent}, bob forced {bobForced}");
        Assert.True(await ClientWaits.EventuallyAsync(() => bob.RtpStats.Packets >= aliceSent),
            $"bob got {bob.RtpStats.Packets} of alice's {aliceSent} packets");
        double dropped = 0;
        Assert.True(await ClientWaits.EventuallyAsync(() =>
        {
            dropped = (fixture.App.GetMetricValueAsync("mcptt_relay_dropped_total", NotFloorHolder).GetAwaiter().GetResult() ?? 0) - droppedBefore;
            return dropped >= bobForced;
        }), $"not_floor_holder drops rose by {dropped}, bob sent {bobForced}");
        Assert.Equal(0, alice.RtpStats.Packets);
        Assert.Equal(1, bob.RtpStats.SsrcCount);

        // alice releases; the floor is idle for both, then bob asks and gets it.
        a1 = alice.Journal.NextSequence;
        b1 = bob.Journal.NextSequence;
        await alice.ReleaseFloorAsync();
        await bob.WaitForAsync(b1, ClientEventKind.FloorIdle);
        b1 = bob.Journal.NextSequence;
        await bob.RequestFloorAsync();
        await bob.WaitForAsync(b1, ClientEventKind.FloorGranted);
        var aliceSeesBob = await alice.WaitForAsync(a1, e => e.Kind == ClientEventKind.FloorTaken && e.Floor?.GrantedPartyIdentity == "sip:bob@127.0.0.1",
            "Floor Taken by bob");
        Assert.NotNull(aliceSeesBob);

        int bobSent = await bob.TalkAsync(TimeSpan.FromSeconds(1));
        Assert.True(await ClientWaits.EventuallyAsync(() => alice.RtpStats.Packets >= bobSent),
            $"alice got {alice.RtpStats.Packets} of bob's {bobSent} packets");
        Assert.Equal(bobSent, alice.RtpStats.Packets);
        Assert.Equal(0, alice.RtpStats.LostPackets);

        long b2 = bob.Journal.NextSequence;
        await alice.HangupAsync();
        await bob.WaitForAsync(b2, ClientEventKind.Terminated);
        Assert.Equal(1, await fixture.App.GetMetricValueAsync("mcptt_calls_floor_controlled_total", "callee=\"mcptt\""));
        Assert.True(await ClientWaits.EventuallyAsync(() => fixture.App.GetMetricValueAsync("mcptt_floor_sessions").GetAwaiter().GetResult() == 0),
            "the floor session outlived the call");
    }
}
