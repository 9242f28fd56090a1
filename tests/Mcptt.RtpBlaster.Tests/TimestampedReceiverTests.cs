using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mcptt.RtpBlaster.Load;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Tests;

/// <summary>Real datagrams over 127.0.0.1 through the sink's receive code.</summary>
public sealed class TimestampedReceiverTests : IDisposable
{
    private readonly Socket _sender = Bound();
    private readonly Socket _receiver = Bound();

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 2000;
        return socket;
    }

    [Fact]
    public void The_kernel_stamps_a_datagram_between_the_clock_reads_around_its_send()
    {
        TimestampedReceiver.EnableTimestamps(_receiver);
        using var batch = new TimestampedReceiver(batch: 4, bufferBytes: 256);
        byte[] payload = [1, 2, 3, 4, 5, 6, 7];

        long before = KernelClock.RealtimeNanoseconds();
        _sender.SendTo(payload, _receiver.LocalEndPoint!);
        long after = KernelClock.RealtimeNanoseconds();
        int n = batch.Receive(_receiver);

        Assert.Equal(1, n);
        Assert.Equal(payload, batch.Packet(0).ToArray());
        Assert.True(batch.TryGetKernelTimestamp(0, out long stamp));
        Assert.InRange(stamp, before, after);
    }

    [Fact]
    public void Every_datagram_of_a_batch_gets_its_own_stamp_in_send_order()
    {
        TimestampedReceiver.EnableTimestamps(_receiver);
        using var batch = new TimestampedReceiver(batch: 8, bufferBytes: 256);
        long before = KernelClock.RealtimeNanoseconds();
        for (byte i = 0; i < 3; i++) _sender.SendTo(new[] { i }, _receiver.LocalEndPoint!);
        long after = KernelClock.RealtimeNanoseconds();

        // The three are queued before the receive, so one recvmmsg (MSG_WAITFORONE) returns them all.
        int n = batch.Receive(_receiver);

        Assert.Equal(3, n);
        long previous = before;
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i, batch.Packet(i)[0]);
            Assert.True(batch.TryGetKernelTimestamp(i, out long stamp));
            Assert.InRange(stamp, previous, after);
            previous = stamp;
        }
    }

    [Fact]
    public void Without_timestamps_enabled_no_stamp_is_reported()
    {
        using var batch = new TimestampedReceiver(batch: 4, bufferBytes: 256);
        _sender.SendTo(new byte[] { 9 }, _receiver.LocalEndPoint!);

        Assert.Equal(1, batch.Receive(_receiver));
        Assert.False(batch.TryGetKernelTimestamp(0, out _));
    }

    [Fact]
    public void Receiving_and_reading_the_stamp_allocate_nothing()
    {
        TimestampedReceiver.EnableTimestamps(_receiver);
        using var batch = new TimestampedReceiver(batch: 4, bufferBytes: 256);
        var histogram = new Reporting.LatencyHistogram();
        byte[] datagram = [1, 2, 3];
        ReceiveAndRecord(batch, histogram, datagram); // the first call JIT-compiles the path

        long allocated = 0;
        for (int i = 0; i < 20; i++) allocated += ReceiveAndRecord(batch, histogram, datagram);

        Assert.Equal(0, allocated);
        Assert.Equal(21, histogram.Count);
    }

    /// <summary>Sends one datagram, then receives it and records its kernel stamp; returns the bytes the receive side allocated.</summary>
    private long ReceiveAndRecord(TimestampedReceiver batch, Reporting.LatencyHistogram histogram, byte[] datagram)
    {
        _sender.SendTo(datagram, _receiver.LocalEndPoint!);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int n = batch.Receive(_receiver);
        bool stamped = batch.TryGetKernelTimestamp(0, out long stamp);
        int length = batch.Packet(0).Length;
        histogram.Record(KernelClock.RealtimeNanoseconds() - stamp);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1, n);
        Assert.True(stamped);
        Assert.Equal(datagram.Length, length);
        return allocated;
    }

    [Fact]
    public void The_sink_records_both_latencies_for_every_probe()
    {
        const int probes = 50;
        using var sink = new Sink(_receiver, streams: 2, ssrcBase: 0x1000);
        sink.Start();
        var packet = new byte[RtpProbe.HeaderBytes + 20];
        for (int i = 0; i < probes; i++)
        {
            int stream = i % 2;
            RtpProbe.WriteHeader(packet, (ushort)i, 0, 0x1000 + (uint)stream);
            RtpProbe.WriteStamp(packet, Stopwatch.GetTimestamp(), stream);
            _sender.SendTo(packet, _receiver.LocalEndPoint!);
        }
        sink.Drain(quiet: TimeSpan.FromMilliseconds(100), max: TimeSpan.FromSeconds(5));

        Assert.Equal(probes, sink.Received);
        Assert.Equal(probes, sink.Latency.Count);
        Assert.Equal(probes, sink.KernelLatency.Count);
        Assert.Equal(0, sink.KernelStampMissing);
        // A mapping with the wrong sign or unit would clamp to 0 or land years away.
        Assert.InRange(sink.KernelLatency.Percentile(0.5), 1, 10_000_000_000);
        Assert.InRange(sink.KernelLatency.Max, 1, 10_000_000_000);
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }
}
