using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mcptt.Client.Core;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Group;

/// <summary>
/// Hostile floor control input at a running group call: unknown subtypes, a lying length, a Floor Release from a
/// participant that does not hold the floor, a Floor Request from a stranger. Each is answered or dropped and counted
/// in /metrics, and the call keeps working.
/// </summary>
public sealed class GroupHostileFloorInputTests(GroupApplianceFixture fixture) : IClassFixture<GroupApplianceFixture>
{
    [Fact]
    public async Task Bad_floor_messages_are_counted_and_the_call_keeps_serving()
    {
        await using var grace = await fixture.ClientAsync("grace", implicitRequest: true);
        await using var heidi = await fixture.ClientAsync("heidi");
        long h0 = heidi.Journal.NextSequence;
        Assert.Equal(200, (await grace.CallAsync("sip:group3@127.0.0.1")).StatusCode);
        await heidi.WaitForAsync(h0, ClientEventKind.FloorTaken);   // grace holds the floor; heidi's client stays silent
        var heidiFloor = heidi.RemoteMedia!.Floor!;
        var before = await fixture.App.GetMetricsAsync();

        // Speak first on heidi's floor leg: the relay learns this socket as heidi's floor channel.
        using var member = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await member.SendAsync(App(subtype: 13, lengthWords: 2), heidiFloor);          // unknown subtype
        await member.SendAsync(App(subtype: 0, lengthWords: 10), heidiFloor);          // length says 44 octets, 12 arrive
        await member.SendAsync(App(subtype: 4, lengthWords: 2), heidiFloor);           // Floor Release, but grace holds the floor
        // The release from a non-holder is answered with the current state: Floor Taken.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var reply = await member.ReceiveAsync(wait.Token);
        Assert.Equal(204, reply.Buffer[1]);
        Assert.Equal(2, reply.Buffer[0] & 0x0F);
        Assert.Equal("MCPT", Encoding.ASCII.GetString(reply.Buffer, 8, 4));

        // A stranger's Floor Request on the same leg never reaches floor control (the leg is bound to its source).
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await stranger.SendAsync(App(subtype: 0, lengthWords: 2), heidiFloor);
        using var strangerWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stranger.ReceiveAsync(strangerWait.Token));

        string after = "";
        Assert.True(await ClientWaits.EventuallyAsync(() =>
        {
            after = fixture.App.GetMetricsAsync().GetAwaiter().GetResult();
            return Increase(before, after, "mcptt_floor_dropped_total", "reason=\"unknown_subtype\"") >= 1
                   && Increase(before, after, "mcptt_floor_dropped_total", "reason=\"malformed\"") >= 1
                   && Increase(before, after, "mcptt_floor_dropped_total", "reason=\"not_holder\"") >= 1
                   && MetricsText.Sum(after, "mcptt_relay_dropped_total") > MetricsText.Sum(before, "mcptt_relay_dropped_total");
        }), "drop counters did not move:\n" + string.Join("\n", after.Split('\n').Where(l => l.Contains("dropped_total", StringComparison.Ordinal))));

        // Still serving: the holder releases, both sides see the idle floor; health is fine.
        long g0 = grace.Journal.NextSequence;
        await grace.ReleaseFloorAsync();
        await grace.WaitForAsync(g0, ClientEventKind.FloorIdle);
        Assert.Equal(200, (await fixture.App.GetAsync("healthz")).Status);
        await grace.HangupAsync();
        await heidi.HangupAsync();
    }

    private static double Increase(string before, string after, string name, string labels)
        => (MetricsText.Value(after, name, labels) ?? 0) - (MetricsText.Value(before, name, labels) ?? 0);

    /// <summary>An RTCP APP "MCPT" header only: V=2, P=0, <paramref name="subtype"/>, PT=204, the given length field.</summary>
    private static byte[] App(int subtype, int lengthWords)
    {
        var packet = new byte[12];
        packet[0] = (byte)(0x80 | subtype);
        packet[1] = 204;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)lengthWords);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x0BADF00D);
        Encoding.ASCII.GetBytes("MCPT", packet.AsSpan(8));
        return packet;
    }
}
