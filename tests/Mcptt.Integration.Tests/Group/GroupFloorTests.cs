using System.Globalization;
using Mcptt.Client.Core;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Group;

/// <summary>
/// Pre-arranged group calls through the real appliance with three MCPTT test clients each: floor grant, Floor Taken
/// to the others, the talker's audio to the listeners only, queueing vs deny, release, T2 revoke, pre-emption, and
/// the floor messages decoded by Wireshark's MCPTT dissector.
/// </summary>
public sealed class GroupFloorTests(GroupApplianceFixture fixture) : IClassFixture<GroupApplianceFixture>
{
    [Fact]
    public async Task Granted_talker_is_announced_and_heard_by_the_others_then_the_queued_request_is_granted()
    {
        await using var alice = await fixture.ClientAsync("alice", queueing: true, priority: 7, toneHz: 600);
        await using var bob = await fixture.ClientAsync("bob", queueing: true, toneHz: 900);
        await using var carol = await fixture.ClientAsync("carol", queueing: true, toneHz: 1200);
        long b0 = bob.Journal.NextSequence, c0 = carol.Journal.NextSequence;

        var ok = await alice.CallAsync("sip:group1@127.0.0.1");
        Assert.Equal(200, ok.StatusCode);
        Assert.Contains("mc_queueing", alice.RemoteMedia!.FloorFmtp);
        Assert.Equal(5, alice.RemoteMedia.Priority);                     // the group's MaxPriority 5 caps the offered 7
        await bob.WaitForAsync(b0, ClientEventKind.Connected);
        await carol.WaitForAsync(c0, ClientEventKind.Connected);
        var aliceFloorPort = alice.RemoteMedia.Floor!.Port;
        var bobFloorPort = bob.RemoteMedia!.Floor!.Port;
        var carolFloorPort = carol.RemoteMedia!.Floor!.Port;

        // The decode check below uses the hand-over to bob, seconds after the capture started.
        await using var capture = await TsharkCapture.StartAsync(
            $"udp and (port {aliceFloorPort} or port {bobFloorPort} or port {carolFloorPort})", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));   // "Capturing on" comes a moment before dumpcap sees packets
        long a1 = alice.Journal.NextSequence;
        b0 = bob.Journal.NextSequence;
        c0 = carol.Journal.NextSequence;
        await alice.RequestFloorAsync();
        await alice.WaitForAsync(a1, ClientEventKind.FloorGranted);
        var bobTaken = await bob.WaitForAsync(b0, ClientEventKind.FloorTaken);
        var carolTaken = await carol.WaitForAsync(c0, ClientEventKind.FloorTaken);
        Assert.Equal("sip:alice@127.0.0.1", bobTaken.Floor!.GrantedPartyIdentity);
        Assert.Equal("sip:alice@127.0.0.1", carolTaken.Floor!.GrantedPartyIdentity);

        var talk = alice.TalkAsync(TimeSpan.FromSeconds(1.5));
        Assert.True(await ClientWaits.EventuallyAsync(() => bob.RtpStats.Packets > 10 && carol.RtpStats.Packets > 10),
            $"listeners got bob={bob.RtpStats.Packets} carol={carol.RtpStats.Packets} packets");

        // A second request while alice talks: both sides negotiated mc_queueing, so it is queued.
        long b1 = bob.Journal.NextSequence;
        await bob.RequestFloorAsync();
        var queued = await bob.WaitForAsync(b1, ClientEventKind.FloorQueueInfo);
        Assert.NotEqual((byte)254, queued.Floor!.QueuePosition);
        int sent = await talk;

        // Listeners heard alice and nobody else; the talker hears nothing of its own.
        Assert.Equal(0, alice.RtpStats.Packets);
        Assert.InRange(bob.RtpStats.Packets, sent * 9 / 10, sent);
        Assert.InRange(carol.RtpStats.Packets, sent * 9 / 10, sent);
        Assert.Equal(1, bob.RtpStats.SsrcCount);

        b1 = bob.Journal.NextSequence;
        long c1 = carol.Journal.NextSequence;
        await alice.ReleaseFloorAsync();
        await bob.WaitForAsync(b1, ClientEventKind.FloorGranted);
        var carolSeesBob = await carol.WaitForAsync(c1, e => e.Kind == ClientEventKind.FloorTaken && e.Floor?.GrantedPartyIdentity == "sip:bob@127.0.0.1", "Floor Taken by bob");
        Assert.NotNull(carolSeesBob);
        await Task.Delay(TimeSpan.FromSeconds(1));   // let dumpcap drain the last packets before SIGINT
        await capture.StopAsync();

        // Wireshark's MCPTT dissector decodes what the appliance sent (floor ports decoded as RTCP).
        string[] decodeAs = ["-d", $"udp.port=={bobFloorPort},rtcp", "-d", $"udp.port=={carolFloorPort},rtcp"];
        var decoded = await capture.ReadAsync([.. decodeAs, "-Y", "rtcp.app.name == \"MCPT\"", "-T", "fields", "-E", "separator=|",
            "-e", "udp.srcport", "-e", "rtcp.app.subtype", "-e", "rtcp.mcptt.granted_partys_id", "-e", "rtcp.app_data.mcptt.duration",
            "-e", "rtcp.app_data.mcptt.msg_seq_num"]);
        Assert.True(decoded.ExitCode == 0, decoded.Describe());
        var rows = decoded.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        string bobPort = bobFloorPort.ToString(CultureInfo.InvariantCulture), carolPort = carolFloorPort.ToString(CultureInfo.InvariantCulture);
        string t2 = ((int)GroupApplianceFixture.T2.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        // Floor Granted (1, or 17 ack-required) to bob with T2 as Duration; Floor Taken (2/18) to carol naming bob, with a sequence number.
        Assert.True(rows.Exists(r => r[0] == bobPort && r[1] is "1" or "17" && r[3] == t2), $"no Floor Granted to bob decoded:\n{decoded.StdOut}");
        Assert.True(rows.Exists(r => r[0] == carolPort && r[1] is "2" or "18" && r[2] == "sip:bob@127.0.0.1" && r[4].Length > 0),
            $"no Floor Taken naming bob decoded:\n{decoded.StdOut}");

        await alice.HangupAsync();
        await bob.HangupAsync();
        await carol.HangupAsync();
    }

    [Fact]
    public async Task Without_queueing_a_request_is_denied_a_long_burst_is_revoked_and_higher_priority_preempts()
    {
        await using var dave = await fixture.ClientAsync("dave", implicitRequest: true, priority: 3);
        await using var erin = await fixture.ClientAsync("erin", priority: 9);
        await using var frank = await fixture.ClientAsync("frank", priority: 2);
        long e0 = erin.Journal.NextSequence, f0 = frank.Journal.NextSequence, d0 = dave.Journal.NextSequence;

        // The INVITE itself requests the floor; with mc_granted offered, the answer grants it.
        var ok = await dave.CallAsync("sip:group2@127.0.0.1");
        Assert.Equal(200, ok.StatusCode);
        Assert.True(dave.RemoteMedia!.Granted, $"answer fmtp: {dave.RemoteMedia.FloorFmtp}");
        // mc_ssrc: the SSRC the relay uses toward dave (any 32-bit value, so read it as such).
        var mcSsrc = dave.RemoteMedia.FloorFmtp!.Split(';').Single(p => p.StartsWith("mc_ssrc=", StringComparison.Ordinal))[8..];
        Assert.True(uint.TryParse(mcSsrc, NumberStyles.None, CultureInfo.InvariantCulture, out uint ssrc) && ssrc != 0, dave.RemoteMedia.FloorFmtp);
        await dave.WaitForAsync(d0, ClientEventKind.FloorGranted);
        await erin.WaitForAsync(e0, ClientEventKind.Connected);
        await frank.WaitForAsync(f0, ClientEventKind.Connected);
        Assert.Equal(9, erin.RemoteMedia!.Priority);                      // erin may use 9 (per-member override of the group's 5)

        // The implicit grant's T2 started at setup; begin the burst with a fresh grant.
        await dave.ReleaseFloorAsync();
        await WaitIdleAsync(dave);
        d0 = dave.Journal.NextSequence;
        await dave.RequestFloorAsync();
        await dave.WaitForAsync(d0, ClientEventKind.FloorGranted);

        // Too long a burst: T2 (2 s) revokes with cause 2 "media burst too long".
        d0 = dave.Journal.NextSequence;
        long f1 = frank.Journal.NextSequence;
        var talk = dave.TalkAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        await frank.RequestFloorAsync();
        var deny = await frank.WaitForAsync(f1, ClientEventKind.FloorDeny);
        Assert.Equal((ushort)1, deny.Floor!.RejectCause);                // no queueing negotiated: "another client has permission"
        var revoke = await dave.WaitForAsync(d0, ClientEventKind.FloorRevoke);
        Assert.Equal((ushort)2, revoke.Floor!.RejectCause);
        await talk;

        // dave takes the floor again; erin's priority 9 request pre-empts him (Revoke cause 4) and erin gets the floor.
        await WaitIdleAsync(dave);
        d0 = dave.Journal.NextSequence;
        await dave.RequestFloorAsync();
        await dave.WaitForAsync(d0, ClientEventKind.FloorGranted);
        var davesBurst = dave.TalkAsync(TimeSpan.FromSeconds(1.5));
        long e1 = erin.Journal.NextSequence;
        d0 = dave.Journal.NextSequence;
        await erin.RequestFloorAsync(9);
        var preempted = await dave.WaitForAsync(d0, ClientEventKind.FloorRevoke);
        Assert.Equal((ushort)4, preempted.Floor!.RejectCause);
        await erin.WaitForAsync(e1, ClientEventKind.FloorGranted);
        await davesBurst;

        await dave.HangupAsync();
        await erin.HangupAsync();
        await frank.HangupAsync();
    }

    private static async Task WaitIdleAsync(McpttClient client)
        => Assert.True(await ClientWaits.EventuallyAsync(() => client.FloorState == Mcptt.Client.Floor.FloorState.Idle),
            $"{client.Options.User}: floor {client.FloorState}");
}
