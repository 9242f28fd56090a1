using System.Net.Sockets;
using Mcptt.RtpBlaster.Load;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.RtpBlaster.Modes;

/// <summary>One paced blast into a sink, with the relay's CPU read around it.</summary>
internal static class Trial
{
    public static TrialReport Run(string mode, PacedSender sender, Socket sinkSocket, int streams, uint ssrcBase,
        double pps, TimeSpan duration, int? relayPid, int fanout = 1)
    {
        using var sink = new Sink(sinkSocket, streams, ssrcBase);
        sink.Start();
        long? cpuBefore = relayPid is { } pid ? ProcessCpu.ReadNanoseconds(pid) : null;
        long? machineBefore = MachineCpu.ReadBusyNanoseconds();
        var sent = sender.Run(pps, duration, CancellationToken.None);
        sink.Drain(quiet: TimeSpan.FromMilliseconds(200), max: TimeSpan.FromSeconds(2));
        long? cpuAfter = relayPid is { } pid2 ? ProcessCpu.ReadNanoseconds(pid2) : null;
        long? machineAfter = MachineCpu.ReadBusyNanoseconds();

        // With fan-out every packet sent should arrive once per listener.
        long received = sink.Received;
        long expected = sent.Sent * fanout;
        long lost = Math.Max(0, expected - received);
        long? cpu = cpuBefore is { } b && cpuAfter is { } a ? a - b : null;
        var latency = sink.Latency;
        return new TrialReport(
            mode, streams, pps,
            AchievedPps: sent.Sent / sent.Elapsed.TotalSeconds,
            sent.Sent, received, lost,
            LossPercent: expected == 0 ? 100 : 100.0 * lost / expected,
            sink.Foreign, sink.StreamsSeen,
            latency.Percentile(0.50) / 1000.0,
            latency.Percentile(0.99) / 1000.0,
            latency.Percentile(0.999) / 1000.0,
            latency.Max / 1000.0,
            sent.Elapsed.TotalSeconds,
            cpu,
            CpuNsPerPacket: cpu is { } ns && received > 0 ? (double)ns / received : null,
            RelayCpuPercent: cpu is { } ns2 ? 100.0 * ns2 / (sent.Elapsed.TotalSeconds * 1e9) : null,
            sink.KernelLatency.Percentile(0.50) / 1000.0,
            sink.KernelLatency.Percentile(0.99) / 1000.0,
            sink.KernelLatency.Percentile(0.999) / 1000.0,
            sink.KernelLatency.Max / 1000.0,
            sink.KernelStampMissing,
            MachineCpuNsPerPacket: machineBefore is { } mb && machineAfter is { } ma && received > 0 ? (double)(ma - mb) / received : null);
    }

    public static Socket UdpSocket(System.Net.IPEndPoint bind, int bufferBytes = 4 << 20)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(bind);
        // SO_RCVBUFFORCE/SO_SNDBUFFORCE (root) get past net.core.rmem_max; fall back to the capped size.
        Span<byte> size = BitConverter.GetBytes(bufferBytes);
        try { socket.SetRawSocketOption(1 /* SOL_SOCKET */, 33 /* SO_RCVBUFFORCE */, size); }
        catch (SocketException) { socket.ReceiveBufferSize = bufferBytes; }
        try { socket.SetRawSocketOption(1, 32 /* SO_SNDBUFFORCE */, size); }
        catch (SocketException) { socket.SendBufferSize = bufferBytes; }
        return socket;
    }
}
