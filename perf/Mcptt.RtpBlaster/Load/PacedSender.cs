using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Load;

/// <summary>
/// Sends RTP probes round-robin over N streams (stream i → destinations[i], SSRC = base + i) at a
/// target aggregate rate, one sendmmsg per batch from preallocated native buffers. Pacing sleeps when
/// ahead instead of spinning: on a 2-core box a spinning sender would steal the relay's CPU.
/// The cost is burstiness of about one scheduler tick (~1 ms of packets per batch).
/// </summary>
internal sealed unsafe class PacedSender : IDisposable
{
    private readonly Socket _socket;
    private readonly int _streams;
    private readonly uint _ssrcBase;
    private readonly int _packetBytes;
    private readonly int _batch;
    private readonly LinuxUdp.MMsgHdr* _messages;
    private readonly LinuxUdp.IoVec* _iov;
    private readonly LinuxUdp.SockAddrIn* _destinations;
    private readonly byte* _buffers;
    private readonly ushort[] _sequence;
    private readonly uint[] _timestamp;

    public PacedSender(Socket socket, IReadOnlyList<IPEndPoint> destinations, uint ssrcBase, int payloadBytes, int batch = 64)
    {
        _socket = socket;
        _streams = destinations.Count;
        _ssrcBase = ssrcBase;
        _packetBytes = RtpProbe.HeaderBytes + Math.Max(payloadBytes, RtpProbe.MinBytes - RtpProbe.HeaderBytes);
        _batch = batch;
        _messages = (LinuxUdp.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(LinuxUdp.MMsgHdr)));
        _iov = (LinuxUdp.IoVec*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(LinuxUdp.IoVec)));
        _buffers = (byte*)NativeMemory.AllocZeroed((nuint)(batch * _packetBytes));
        _destinations = (LinuxUdp.SockAddrIn*)NativeMemory.AllocZeroed((nuint)(_streams * sizeof(LinuxUdp.SockAddrIn)));
        for (int i = 0; i < _streams; i++) _destinations[i] = LinuxUdp.SockAddrIn.From(destinations[i]);
        for (int i = 0; i < batch; i++)
        {
            _iov[i].Base = _buffers + i * _packetBytes;
            _iov[i].Length = (nuint)_packetBytes;
            _messages[i].Header.Iov = _iov + i;
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.NameLength = (uint)sizeof(LinuxUdp.SockAddrIn);
        }
        _sequence = new ushort[_streams];
        _timestamp = new uint[_streams];
        var random = new Random(42);
        for (int i = 0; i < _streams; i++)
        {
            _sequence[i] = (ushort)random.Next(65536);
            _timestamp[i] = (uint)random.Next();
        }
    }

    public int PacketBytes => _packetBytes;

    /// <summary>When set, every packet sent is counted per stream in the bucket of its send stamp (overload mode).</summary>
    public Reporting.BucketGrid? SentBuckets { get; set; }

    /// <summary>
    /// When set, a sender that fell further behind schedule than this (descheduled on a loaded box) drops
    /// the backlog instead of catching up in one burst: 100 phones don't make up for a stall either, and a
    /// catch-up burst would overflow socket buffers and show as relay loss. Null = catch up (the default).
    /// </summary>
    public TimeSpan? MaxLag { get; set; }

    /// <summary><paramref name="Skipped"/>: packets not sent because of <see cref="MaxLag"/>.</summary>
    public readonly record struct Result(long Sent, long SendErrors, TimeSpan Elapsed, long Skipped = 0);

    public Result Run(double packetsPerSecond, TimeSpan duration, CancellationToken cancel)
    {
        long frequency = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * frequency);
        long sent = 0, errors = 0, skipped = 0;
        long maxLagPackets = MaxLag is { } lag ? Math.Max(_batch, (long)(lag.TotalSeconds * packetsPerSecond)) : long.MaxValue;
        int stream = 0;
        while (!cancel.IsCancellationRequested)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= end) break;
            long due = (long)((now - start) * packetsPerSecond / frequency) + 1 - sent - skipped;
            if (due > maxLagPackets)
            {
                skipped += due - maxLagPackets;
                due = maxLagPackets;
            }
            if (due <= 0)
            {
                Thread.Sleep(1);
                continue;
            }
            int count = (int)Math.Min(due, _batch);
            long stamp = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                var packet = new Span<byte>(_buffers + i * _packetBytes, _packetBytes);
                RtpProbe.WriteHeader(packet, _sequence[stream]++, _timestamp[stream], _ssrcBase + (uint)stream);
                _timestamp[stream] += 160;
                RtpProbe.WriteStamp(packet, stamp, stream);
                _messages[i].Header.Name = _destinations + stream;
                if (++stream == _streams) stream = 0;
            }
            int n = LinuxUdp.SendAll(_socket, _messages, count);
            if (n < 0) { errors += count; continue; }
            if (SentBuckets is { } grid) CountSent(grid, stream, count, n, stamp);
            sent += n;
            errors += count - n;
        }
        return new Result(sent, errors, Stopwatch.GetElapsedTime(start), skipped);
    }

    /// <summary>The batch took streams (stream − count .. stream − 1) round robin; the first <paramref name="sentCount"/> left.</summary>
    private void CountSent(Reporting.BucketGrid grid, int nextStream, int count, int sentCount, long stamp)
    {
        int first = ((nextStream - count) % _streams + _streams) % _streams;
        for (int i = 0; i < sentCount; i++) grid.Add(stamp, (first + i) % _streams);
    }

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_buffers);
        NativeMemory.Free(_destinations);
    }
}
