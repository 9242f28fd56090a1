using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>
/// Steady-state forwarding allocates nothing on the worker threads. Measured on the workers
/// themselves (GC.GetAllocatedBytesForCurrentThread sampled by each worker after every round),
/// so allocations elsewhere in the test process cannot hide or fake a result.
/// </summary>
public sealed class AllocationTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void SteadyStateForwarding_WithRewriteAndRtcp_AllocatesZeroBytesOnTheWorkers(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var pa = new Peer();
        using var pb = new Peer();
        using var pc = new Peer();
        var a = f.Leg(pa);
        var b = f.Leg(pb);
        var c = f.Leg(pc);
        var group = f.Engine.CreateBridge(BridgeMode.FloorHolderOnly);
        f.Engine.Attach(group, a, 0xA0);
        f.Engine.Attach(group, b);          // pass-through listener
        f.Engine.Attach(group, c, 0xC0);    // rewritten listener
        f.Engine.SetFloorHolder(group, a);

        Blast(f, pa, a, pb, pc, count: 200, firstSeq: 0);   // warm-up: JIT, first-use paths, learning
        long before = WorkerBytes(f);
        Blast(f, pa, a, pb, pc, count: 2000, firstSeq: 200);
        long after = WorkerBytes(f);

        Assert.True(f.Engine.GetStats(c).PacketsOut >= 2000, "the measured traffic did not flow");
        Assert.Equal(before, after);
    }

    private static void Blast(RelayFixture f, Peer pa, LegHandle a, Peer pb, Peer pc, int count, int firstSeq)
    {
        long start = f.Engine.GetStats(a).RtpPacketsIn;
        for (int i = 0; i < count; i++)
        {
            int seq = firstSeq + i;
            pa.Rtp.SendTo(a.RtpPort, Packets.Rtp((ushort)seq, (uint)seq * 160, 0x1234));
            if (i % 50 == 0) pa.Rtcp.SendTo(a.RtcpPort, Packets.SenderReportCompound(0x1234, 0xA0));
            if (i % 32 == 31)
            {
                // Pace to the relay (a loopback blast would overflow socket buffers) and keep the
                // listeners drained so nothing is lost to full buffers.
                long expected = start + i + 1;
                Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn >= expected));
                while (pb.Rtp.Receive(0) is not null) { }
                while (pc.Rtp.Receive(0) is not null) { }
            }
        }
        Assert.True(RelayFixture.Eventually(() => f.Engine.GetStats(a).RtpPacketsIn >= start + count));
        Thread.Sleep(100); // let every worker finish its round and publish its sample
        while (pb.Rtp.Receive(0) is not null) { }
        while (pc.Rtp.Receive(0) is not null) { }
    }

    private static long WorkerBytes(RelayFixture f)
    {
        long total = 0;
        foreach (var worker in f.Engine.Workers) total += worker.AllocatedBytes;
        return total;
    }
}
