using System.Buffers.Binary;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Engine;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Engine;

/// <summary>
/// Replaces routes while packets flow and checks the RCU contract: once Attach/Detach/SetFloorHolder
/// has returned, no packet sent afterwards reaches a destination that was removed, and no packet
/// is ever delivered twice to one destination.
/// Each packet carries the sender's running number. After Detach(D) returns, the test reads the
/// number the sender will use next; anything at or above (that + 1) was sent after the
/// acknowledgement and must never show up at D.
/// </summary>
public sealed class ForwardingTableStressTests
{
    private const int Destinations = 12;

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void ReplacingRoutesWhilePacketsFlow_NeverSendsToAStaleDestination_NorDuplicates(RelayEngineKind kind)
    {
        using var f = new RelayFixture(kind);
        using var source = new Peer();
        var a = f.Leg(source);
        var peers = new Peer[Destinations];
        var legs = new LegHandle[Destinations];
        for (int i = 0; i < Destinations; i++)
        {
            peers[i] = new Peer();
            legs[i] = f.Leg(peers[i]);
        }
        var bridge = f.Engine.CreateBridge(BridgeMode.FloorHolderOnly);
        f.Engine.Attach(bridge, a);
        f.Engine.SetFloorHolder(bridge, a);

        long next = 0;
        bool stop = false;
        var received = new List<long>[Destinations];
        for (int i = 0; i < Destinations; i++) received[i] = new List<long>();

        var sender = new Thread(() =>
        {
            var packet = Packets.Rtp(0, 0, 0xABCDEF, payloadLength: 8);
            while (!Volatile.Read(ref stop))
            {
                for (int burst = 0; burst < 8; burst++)
                {
                    long seq = Volatile.Read(ref next);
                    BinaryPrimitives.WriteInt64BigEndian(packet.AsSpan(12), seq);
                    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)seq);
                    source.Rtp.SendTo(a.RtpPort, packet);
                    Volatile.Write(ref next, seq + 1);
                }
                Thread.Yield();
            }
        });
        var reader = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) DrainAll(peers, received, 5);
        });
        sender.Start();
        reader.Start();

        var fences = new long[Destinations];
        try
        {
            f.Engine.Attach(bridge, legs[0]);
            for (int j = 1; j < Destinations; j++)
            {
                Thread.Sleep(15);
                f.Engine.Attach(bridge, legs[j]);         // replace every member's route (2 listeners now)
                f.Engine.SetFloorHolder(bridge, a);       // republish once more while flowing
                f.Engine.Detach(legs[j - 1]);
                fences[j - 1] = Volatile.Read(ref next) + 1;
            }
            Thread.Sleep(15);
            f.Engine.Detach(legs[Destinations - 1]);
            fences[Destinations - 1] = Volatile.Read(ref next) + 1;
            Thread.Sleep(50);
        }
        finally
        {
            Volatile.Write(ref stop, true);
            sender.Join();
            reader.Join();
        }
        DrainAll(peers, received, 100);

        long total = 0;
        for (int j = 0; j < Destinations; j++)
        {
            var seen = received[j];
            total += seen.Count;
            for (int i = 0; i < seen.Count; i++)
            {
                Assert.True(seen[i] < fences[j], $"destination {j} got packet {seen[i]} sent after its detach was acknowledged (fence {fences[j]})");
                if (i > 0) Assert.True(seen[i] > seen[i - 1], $"destination {j}: packet {seen[i]} after {seen[i - 1]} (duplicate or reordered)");
            }
        }
        Assert.True(total > 0, "no packet was forwarded at all; the test proved nothing");
        Assert.Null(f.Engine.WorkerFault);
        foreach (var p in peers) p.Dispose();
    }

    private static void DrainAll(Peer[] peers, List<long>[] received, int timeoutMs)
    {
        for (int j = 0; j < peers.Length; j++)
        {
            while (peers[j].Rtp.Receive(j == 0 ? timeoutMs : 0) is { } got)
                received[j].Add(BinaryPrimitives.ReadInt64BigEndian(got.Data.AsSpan(12)));
        }
    }
}
