using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Mcptt.Integration.Tests.Group;

/// <summary>
/// Three plain SIP phones (headless baresip, no MCPTT floor channel in their SDP) in one pre-arranged group through
/// the appliance. A legacy member asks for the floor by talking and T1 takes it back when it stops. baresip keeps
/// sending RTP while muted (G.711 digital silence, 50 packets/s), so "stops talking" is the mute command on its
/// control port and the appliance must tell voice from silence: silence neither requests the floor nor keeps T1
/// running. Each phone plays its own tone (alice 440 Hz, bob 1000 Hz, carol 1800 Hz) and talks in turn; the other
/// two must hear exactly that tone, and every muted phone's silence must be gated (counted, not forwarded).
/// </summary>
[Collection(FoundationPeersCollection.Name)]
public sealed class BaresipGroupTests(ITestOutputHelper output)
{
    private static readonly TimeSpan T1 = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Talk = TimeSpan.FromSeconds(3);
    /// <summary>T1, plus the 250 ms media poll, plus slack: the floor is idle again after this.</summary>
    private static readonly TimeSpan FloorReturns = T1 + TimeSpan.FromSeconds(1.2);
    private static readonly TimeSpan LeadIn = TimeSpan.FromSeconds(2);
    private const int PacketsPerSecond = 50; // baresip's 20 ms G.711 frames

    private static readonly (string User, double Hz)[] Phones = [("alice", 440), ("bob", 1000), ("carol", 1800)];

    [Fact]
    public async Task Three_baresip_phones_hear_each_talker_in_turn_and_muted_phones_are_gated()
    {
        await using var app = await AppProcess.StartAsync(
        [
            "--Groups:0:Uri=sip:crew@127.0.0.1", "--Groups:0:Members:0=alice", "--Groups:0:Members:1=bob", "--Groups:0:Members:2=carol",
            $"--Floor:T1EndOfRtpMediaMs={(int)T1.TotalMilliseconds}",
        ]);
        using var dir = new TempDirectory("baresip-group");
        var phones = new Dictionary<string, BaresipInstance>();
        try
        {
            foreach (var (user, hz) in Phones)
            {
                // Digital silence first, so each phone is muted before its tone starts; then far more tone than needed
                // (the call would end when the file does).
                var source = await LeadInTones.SineAsync(dir.Path, hz, LeadIn, seconds: 45);
                phones[user] = await BaresipInstance.StartAsync(new BaresipOptions
                {
                    User = user, SourceWav = source, Registrar = app.SipTarget, Lifetime = TimeSpan.FromSeconds(50),
                });
            }
            foreach (var phone in phones.Values) await phone.WaitRegisteredAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(3, await app.GetMetricValueAsync("mcptt_registrations"));

            var (alice, bob, carol) = (phones["alice"], phones["bob"], phones["carol"]);
            await alice.DialAsync($"sip:crew@{app.SipTarget}", TimeSpan.FromSeconds(10));
            await MuteAsync(alice, mute: true);
            foreach (var invited in new[] { bob, carol })
            {
                await invited.Control.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(10));
                await MuteAsync(invited, mute: true);
            }
            Assert.Equal(1, await app.GetMetricValueAsync("mcptt_group_calls_active"));
            // alice counts as joined when her ACK arrives, which may be just after her CALL_ESTABLISHED.
            Assert.True(await EventuallyAsync(async () => await app.GetMetricValueAsync("mcptt_group_members_joined_total") == 3),
                "alice and the two invited phones joined");

            // Everyone muted past the lead-in: a steady stream of silence from three phones, and nobody gets the floor.
            await Task.Delay(LeadIn);
            Assert.Equal(0, await app.GetMetricValueAsync("mcptt_floor_grants_total"));
            Assert.True(await Dropped(app) > 0, "muted phones' silence is gated while the floor is idle");

            var log = new List<string>();
            for (int turn = 0; turn < Phones.Length; turn++)
            {
                var talker = phones[Phones[turn].User];
                double dropsBefore = await Dropped(app), relayedBefore = await Relayed(app);
                await MuteAsync(talker, mute: false);
                await Task.Delay(Talk);
                await MuteAsync(talker, mute: true);
                double drops = await Dropped(app) - dropsBefore, relayed = await Relayed(app) - relayedBefore;
                log.Add($"{talker.Options.User} talked {Talk.TotalSeconds} s: {drops} gated drops, {relayed} RTP relayed");
                output.WriteLine(log[^1]);

                Assert.Equal(turn + 1, await app.GetMetricValueAsync("mcptt_floor_grants_total"));
                // The two muted listeners' silence is dropped for the whole turn; the talker's voice reaches both of them.
                double lowerBound = 2 * PacketsPerSecond * (Talk.TotalSeconds - 1);
                Assert.True(drops >= lowerBound, $"{log[^1]}; expected at least {lowerBound} gated drops");
                Assert.True(relayed >= lowerBound, $"{log[^1]}; expected at least {lowerBound} relayed to two listeners");
                await Task.Delay(FloorReturns); // talker muted: T1 ends its floor although its RTP never stops
            }
            Assert.Equal(Phones.Length, await app.GetMetricValueAsync("mcptt_floor_grants_total"));

            foreach (var phone in phones.Values) Assert.Equal(0, await phone.QuitAsync(TimeSpan.FromSeconds(5)));

            foreach (var (listener, _) in Phones)
            {
                var runs = ToneRuns.Split(Assert.Single(phones[listener].DecodedRecordings()));
                var expected = Phones.Where(p => p.User != listener).ToArray();
                var heard = $"{listener} heard:\n  {string.Join("\n  ", runs)}\n{string.Join("\n", log)}";
                output.WriteLine($"{listener} heard: {string.Join("; ", runs)}");
                Assert.True(runs.Count == expected.Length, heard);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(runs[i].Tone.FrequencyHz - expected[i].Hz) <= expected[i].Hz * 0.05, $"run {i}: want {expected[i].User}. {heard}");
                    Assert.True(runs[i].Tone.Rms > 0.2, $"run {i} too quiet. {heard}");
                    Assert.True(runs[i].DurationSeconds > Talk.TotalSeconds - 1 && runs[i].DurationSeconds < Talk.TotalSeconds + 0.5,
                        $"run {i}: one turn of talk expected. {heard}");
                }
            }
        }
        finally
        {
            foreach (var phone in phones.Values) await phone.DisposeAsync();
        }
    }

    private static async Task MuteAsync(BaresipInstance phone, bool mute)
    {
        var reply = await phone.Control.CommandAsync("mute");
        var text = reply.TryGetProperty("data", out var d) ? d.GetString() ?? "" : "";
        // The command toggles; make sure it went the way the test thinks.
        Assert.True(text.Contains(mute ? "call muted" : "call un-muted", StringComparison.Ordinal), $"{phone.Options.User}: '{text.Trim()}'");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }

    private static async Task<double> Dropped(AppProcess app)
        => await app.GetMetricValueAsync("mcptt_relay_dropped_total", "reason=\"not_floor_holder\"") ?? 0;

    private static async Task<double> Relayed(AppProcess app)
        => await app.GetMetricValueAsync("mcptt_relay_packets_total", "kind=\"rtp\",dir=\"out\"") ?? 0;
}
