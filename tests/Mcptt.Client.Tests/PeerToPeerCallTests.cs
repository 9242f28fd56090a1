using Mcptt.Client.Core;
using Mcptt.Client.Floor;
using Mcptt.Client.Media;
using Mcptt.Client.Scripting;
using Mcptt.Client.Sip;
using Mcptt.Floor.Wire;

namespace Mcptt.Client.Tests;

/// <summary>
/// Two real clients on loopback call each other directly (no server); the test stands in for the
/// floor control server by sending floor messages to the caller's floor port.
/// </summary>
public sealed class PeerToPeerCallTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly SipTiming Fast = new() { NoResponseTimeout = TimeSpan.FromSeconds(3) };
    private readonly string _dir = Directory.CreateTempSubdirectory("mcptt-client-p2p").FullName;
    private readonly FloorServerStandIn _floorServer = new();
    private McpttClient _alice = null!;
    private McpttClient _bob = null!;

    private string RecordPath => Path.Combine(_dir, "bob.wav");

    public async Task InitializeAsync()
    {
        _bob = new McpttClient(new McpttClientOptions { Server = null, User = "bob", AutoAnswer = true, RecordWav = RecordPath, Timing = Fast });
        _alice = new McpttClient(new McpttClientOptions
        {
            Server = null, User = "alice", ToneHz = 1000, Priority = 5, Queueing = true, Timing = Fast,
            FloorRetryInterval = TimeSpan.FromMilliseconds(150), FloorAttempts = 3,
        });
        var answer = await _alice.CallAsync($"sip:bob@127.0.0.1:{_bob.SipEndPoint.Port}");
        Assert.Equal(200, answer.StatusCode);
        Assert.NotNull(await _bob.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.Connected, Wait, default));
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        _floorServer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Granted_is_acknowledged_talk_reaches_the_peer_and_the_recording_holds_the_tone()
    {
        Assert.Equal(CallState.Connected, _alice.CallState);
        Assert.Equal(_bob.AudioEndPoint.Port, _alice.RemoteMedia!.Audio!.Port);
        Assert.Equal(_bob.FloorEndPoint.Port, _alice.RemoteMedia.Floor!.Port);
        Assert.True(_bob.RemoteMedia!.Queueing); // bob saw alice's fmtp
        Assert.Equal(5, _bob.RemoteMedia.Priority);

        await _alice.RequestFloorAsync();
        Assert.Equal(FloorState.PendingRequest, _alice.FloorState);
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Granted, ackRequired: true);

        Assert.NotNull(await _alice.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorGranted, Wait, default));
        Assert.Equal(FloorState.Granted, _alice.FloorState);

        int sent = await _alice.TalkAsync(TimeSpan.FromMilliseconds(600));
        Assert.Equal(30, sent);
        await WaitUntilAsync(() => _bob.RtpStats.Packets >= sent);

        RtpReceiveStats stats = _bob.RtpStats;
        Assert.Equal(_alice.Ssrc, stats.LastSsrc);
        Assert.Equal(0, stats.LostPackets);
        Assert.Equal(0, stats.FirstPayloadType);
        Assert.Equal(sent * AudioChannel.SamplesPerPacket, stats.Bytes);

        await _alice.HangupAsync();
        Assert.NotNull(await _bob.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.Terminated, Wait, default));
        await _bob.DisposeAsync();

        short[] recorded = WavReader.ReadMono8k(RecordPath);
        Assert.Equal(sent * AudioChannel.SamplesPerPacket, recorded.Length);
        Assert.InRange(ToneGenerator.EstimateFrequency(recorded), 970, 1030);
    }

    [Fact]
    public async Task Ack_required_messages_are_acknowledged_to_the_negotiated_floor_peer()
    {
        // Acks go to the negotiated floor peer, which for alice is bob's floor port: bob journals the Floor Ack.
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Idle, ackRequired: true);
        ClientEvent? ack = await _bob.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorOther, Wait, default);
        Assert.NotNull(ack);
        Assert.Equal(FloorMessageType.Ack, ack.Floor!.Type);
        Assert.Equal((byte)0x15, ack.Floor.AcknowledgedType);
        Assert.Equal(_alice.Ssrc, ack.Floor.Ssrc);
        Assert.Equal(FloorState.Idle, _alice.FloorState);
    }

    [Fact]
    public async Task Talk_without_the_floor_is_refused_unless_forced()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _alice.TalkAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Contains("not Granted", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _alice.RtpPacketsSent);

        Assert.Equal(5, await _alice.TalkAsync(TimeSpan.FromMilliseconds(100), ignoreFloor: true));
        await WaitUntilAsync(() => _bob.RtpStats.Packets == 5);
    }

    [Fact]
    public async Task Full_duplex_call_offers_no_floor_channel_and_talks_without_the_floor()
    {
        await using var carol = new McpttClient(new McpttClientOptions { Server = null, User = "carol", FloorControl = false, ToneHz = 440, Timing = Fast });
        await using var dave = new McpttClient(new McpttClientOptions { Server = null, User = "dave", AutoAnswer = true, Timing = Fast });
        Assert.Equal(200, (await carol.CallAsync($"sip:dave@127.0.0.1:{dave.SipEndPoint.Port}")).StatusCode);

        Assert.False(carol.RemoteMedia!.FloorOffered); // dave mirrored the offer: no m=application
        Assert.Null(carol.RemoteMedia.Floor);
        Assert.NotNull(await dave.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.Connected, Wait, default));
        Assert.Null(dave.RemoteMedia!.Floor);

        Assert.Equal(5, await carol.TalkAsync(TimeSpan.FromMilliseconds(100)));
        await WaitUntilAsync(() => dave.RtpStats.Packets == 5);
        await Assert.ThrowsAsync<InvalidOperationException>(() => carol.RequestFloorAsync());
    }

    [Fact]
    public async Task Revoke_stops_talking_and_sends_floor_release()
    {
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Granted, ackRequired: false);
        Assert.NotNull(await _alice.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorGranted, Wait, default));
        Task<int> talk = _alice.TalkAsync(TimeSpan.FromSeconds(20));
        await WaitUntilAsync(() => _bob.RtpStats.Packets >= 5);

        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Revoke, ackRequired: false, f => f.RejectCause = 2);
        int sent = await talk.WaitAsync(Wait);
        Assert.InRange(sent, 5, 999);

        // The release goes to the negotiated floor peer (bob), which journals it.
        ClientEvent? release = await _bob.Journal.WaitAsync(0, e => e.Floor?.Type == FloorMessageType.Release, Wait, default);
        Assert.NotNull(release);
        Assert.Equal("sip:alice@127.0.0.1", release.Floor!.UserId);
        Assert.Equal(FloorState.PendingRelease, _alice.FloorState);
        Assert.Contains("media burst too long", _alice.Journal.Snapshot().Single(e => e.Kind == ClientEventKind.FloorRevoke).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_passes_on_expected_events_and_names_the_failed_step_otherwise()
    {
        var lines = new List<string>();
        var runner = new ScriptRunner(_alice, line => { lock (lines) lines.Add(line); });

        Task<ScriptResult> run = runner.RunAsync(ScriptParser.Parse("request 9; wait taken carol 3s; queue; wait queue-info 2 3s; wait granted 3s"));
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Taken, false, f => f.GrantedParty = "sip:carol@example.org");
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.QueuePositionInfo, false, f => f.QueuePosition = 2);
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Deny, false, f => f.RejectCause = 7);
        ScriptResult result = await run.WaitAsync(Wait);

        Assert.False(result.Success);
        Assert.Equal(5, result.FailedStep!.Index);
        Assert.Contains("expected granted but got FloorDeny", result.Message, StringComparison.Ordinal);
        Assert.Contains("queue full", result.Message, StringComparison.Ordinal);

        ScriptResult timeout = await new ScriptRunner(_alice, _ => { }).RunAsync(ScriptParser.Parse("wait revoke 200ms"));
        Assert.False(timeout.Success);
        Assert.Contains("timed out after 0.2 s waiting for revoke", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unanswered_floor_request_is_resent_then_given_up()
    {
        // Bob is no floor server: alice's requests reach bob's floor port and are never answered.
        await _alice.RequestFloorAsync(3);
        ClientEvent? gaveUp = await _alice.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorNoAnswer, Wait, default);
        Assert.NotNull(gaveUp);
        Assert.Contains("Floor Request after 3 sends", gaveUp.Detail, StringComparison.Ordinal);
        Assert.Equal(FloorState.Idle, _alice.FloorState);
        await WaitUntilAsync(() => _bob.Journal.Snapshot().Count(e => e.Floor?.Type == FloorMessageType.Request) >= 3);
        ClientEvent[] requests = [.. _bob.Journal.Snapshot().Where(e => e.Floor?.Type == FloorMessageType.Request)];
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal((byte)3, r.Floor!.Priority));
    }

    [Fact]
    public async Task Answered_floor_request_and_release_are_not_resent()
    {
        int AtBob(FloorMessageType type) => _bob.Journal.Snapshot().Count(e => e.Floor?.Type == type);

        await _alice.RequestFloorAsync();
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Granted, ackRequired: false);
        Assert.NotNull(await _alice.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorGranted, Wait, default));
        await WaitUntilAsync(() => AtBob(FloorMessageType.Request) >= 1);
        int requests = AtBob(FloorMessageType.Request);

        await _alice.ReleaseFloorAsync();
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Idle, ackRequired: false);
        Assert.NotNull(await _alice.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorIdle, Wait, default));
        await WaitUntilAsync(() => AtBob(FloorMessageType.Release) >= 1);
        int releases = AtBob(FloorMessageType.Release);

        // Longer than every remaining retry would take: nothing more was sent once answered.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Equal(requests, AtBob(FloorMessageType.Request));
        Assert.Equal(releases, AtBob(FloorMessageType.Release));
        Assert.DoesNotContain(_alice.Journal.Snapshot(), e => e.Kind == ClientEventKind.FloorNoAnswer);
    }

    [Fact]
    public async Task Garbage_on_every_port_is_counted_and_the_call_survives()
    {
        using var junk = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        byte[][] payloads = [[], [0x80], [0xFF, 0xFF, 0xFF, 0xFF], "INVITE garbage\r\n\r\n"u8.ToArray(), new byte[3000]];
        foreach (byte[] payload in payloads)
        {
            await junk.SendAsync(payload, _alice.SipEndPoint);
            await junk.SendAsync(payload, _alice.FloorEndPoint);
            await junk.SendAsync(payload, _alice.AudioEndPoint);
        }

        await WaitUntilAsync(() => _alice.InvalidReceived >= 6);
        await _floorServer.SendAsync(_alice.FloorEndPoint, FloorMessageType.Idle, false);
        Assert.NotNull(await _alice.Journal.WaitAsync(0, e => e.Kind == ClientEventKind.FloorIdle, Wait, default));
        Assert.Equal(CallState.Connected, _alice.CallState);
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
