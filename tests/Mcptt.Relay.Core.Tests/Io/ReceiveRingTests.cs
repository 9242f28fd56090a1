using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Io.Native;
using Mcptt.Relay.Core.Io.PacketRing;
using Mcptt.Relay.Core.Io.Raw;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Io;

/// <summary>
/// The AF_PACKET ring on its own: the Raw engine's BPF filter (written for raw sockets, where offset 0
/// is the IPv4 header) selects the same datagrams on a SOCK_DGRAM packet socket, frames arrive in
/// order with the IP header at tp_net, and a full ring's losses are counted by the kernel.
/// Each test uses an address of its own in 127/8. Needs CAP_NET_RAW (else it checks the probe's refusal).
/// </summary>
public sealed unsafe class ReceiveRingTests
{
    [Fact]
    public void RawFilter_OnAPacketSocket_SeesTheIpHeaderAtOffsetZero_AndSelectsAddressAndPort()
    {
        if (!Engines.PacketRingAvailable)
        {
            Assert.NotEqual(0, PacketSockets.Probe());
            return;
        }
        var address = IPAddress.Parse("127.79.1.1");
        using var sink = Bind(address);
        int port = ((IPEndPoint)sink.LocalEndPoint!).Port;
        using var other = Bind(address);
        using var elsewhere = Bind(IPAddress.Parse("127.79.1.2"));
        using var ring = new ReceiveRing(SocketFilters.Receive(0x7F4F0101, port, port, 1, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        // The filter reads the destination address at offset 16 and the port past the IP header:
        // if offset 0 were anything but the IPv4 header, none of these would be told apart.
        sender.SendTo(new byte[] { 9, 9 }, other.LocalEndPoint!);      // right address, wrong port
        sender.SendTo(new byte[] { 8, 8 }, new IPEndPoint(IPAddress.Parse("127.79.1.2"), port)); // wrong address
        sender.SendTo(new byte[] { 1, 2, 3 }, sink.LocalEndPoint!);
        sender.SendTo(new byte[] { 4, 5, 6, 7 }, sink.LocalEndPoint!);

        foreach (var expected in new[] { new byte[] { 1, 2, 3 }, [4, 5, 6, 7] })
        {
            Assert.True(WaitForFrame(ring));
            var frame = ring.Current;
            byte* ip = (byte*)frame + frame->NetworkOffset;
            Assert.Equal(0x45, ip[0]);
            Assert.Equal(17, ip[9]);
            Assert.Equal(28 + expected.Length, (int)frame->Length);
            Assert.Equal(frame->Length, frame->SnapLength);
            Assert.Equal(0x7F4F0101u, BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(ip + 16, 4)));
            Assert.Equal(port, UdpIpHeader.DestinationPort(ip));
            Assert.Equal(expected, new ReadOnlySpan<byte>(ip + 28, expected.Length).ToArray());
            // Sent by a local socket over lo: the UDP checksum is left to "offload" (CHECKSUM_PARTIAL).
            Assert.NotEqual(0u, ring.CurrentStatus & (TPacket2Header.StatusChecksumNotReady | TPacket2Header.StatusChecksumValid));
            ring.Release();
        }
        Thread.Sleep(50);
        Assert.Equal(0u, ring.CurrentStatus & TPacket2Header.StatusUser); // nothing else passed the filter
        Assert.Equal(0, ring.TakeDrops());
    }

    [Fact]
    public void AFullRing_DropsWhatDoesNotFit_AndPacketStatisticsCountsIt()
    {
        if (!Engines.PacketRingAvailable)
        {
            Assert.NotEqual(0, PacketSockets.Probe());
            return;
        }
        var address = IPAddress.Parse("127.79.2.1");
        using var sink = Bind(address);
        int port = ((IPEndPoint)sink.LocalEndPoint!).Port;
        using var ring = new ReceiveRing(SocketFilters.Receive(0x7F4F0201, port, port, 1, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        int frames = ReceiveRing.RingBytes / ReceiveRing.FrameSize;
        var payload = new byte[16];
        for (int i = 0; i < frames + 500; i++) sender.SendTo(payload, sink.LocalEndPoint!);

        Thread.Sleep(50);
        long drops = ring.TakeDrops();
        Assert.True(drops > 0, $"{frames + 500} datagrams into {frames} frames, {drops} drops counted");
        Assert.Equal(0, ring.TakeDrops()); // the read resets the kernel's counters
        // Handing a frame back makes room again.
        ring.Release();
        sender.SendTo(payload, sink.LocalEndPoint!);
        Thread.Sleep(20);
        Assert.Equal(0, ring.TakeDrops());
    }

    private static Socket Bind(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static bool WaitForFrame(ReceiveRing ring)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (Environment.TickCount64 < deadline)
        {
            if ((ring.CurrentStatus & TPacket2Header.StatusUser) != 0) return true;
            Thread.Sleep(1);
        }
        return false;
    }
}
