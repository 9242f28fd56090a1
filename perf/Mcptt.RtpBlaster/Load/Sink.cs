using System.Diagnostics;
using System.Net.Sockets;
using Mcptt.RtpBlaster.Native;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.RtpBlaster.Load;

/// <summary>
/// Receives probes on one socket with recvmmsg on its own thread, counting per stream and recording
/// one-way latency twice, both against the send stamp embedded by the sender (Stopwatch, same process):
/// <see cref="Latency"/> ("app") ends when this thread processes the datagram, so it includes the sink
/// thread's own wake-up and scheduling delay; <see cref="KernelLatency"/> ends at the kernel's receive
/// timestamp (SO_TIMESTAMPNS), taken when the datagram entered the receive path toward this socket,
/// which leaves the sink thread out. Anything that is not a probe of ours is counted as foreign.
/// </summary>
internal sealed class Sink : IDisposable
{
    private const int Batch = 64;
    private const int BufferBytes = 2048;
    private readonly Socket _socket;
    private readonly uint _ssrcBase;
    private readonly long[] _perStream;
    // Extended (wrap-counted) sequence numbers per stream: first seen and highest, for loss when the
    // sender is another process and its sent count is unknown.
    private readonly long[] _firstSequence;
    private readonly long[] _lastSequence;
    private readonly long[] _highestSequence;
    private readonly TimestampedReceiver _receiver;
    // CLOCK_REALTIME − Stopwatch (ns), to put the kernel's stamps on the sender's clock; see KernelClock.
    private readonly long _realtimeOffset;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _received;
    private long _lastReceiveTimestamp;

    public Sink(Socket socket, int streams, uint ssrcBase)
    {
        _socket = socket;
        _socket.ReceiveTimeout = 50; // recvmmsg wakes up to notice _stop
        _ssrcBase = ssrcBase;
        _perStream = new long[streams];
        _firstSequence = new long[streams];
        _lastSequence = new long[streams];
        _highestSequence = new long[streams];
        _receiver = new TimestampedReceiver(Batch, BufferBytes);
        TimestampedReceiver.EnableTimestamps(socket);
        _realtimeOffset = KernelClock.MeasureRealtimeOffset();
        _thread = new Thread(Loop) { IsBackground = true, Name = "rtp-sink" };
    }

    /// <summary>Send stamp → this thread processing the datagram ("app" latency).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Send stamp → the kernel's receive timestamp for the datagram ("kernel" latency).</summary>
    public LatencyHistogram KernelLatency { get; } = new();

    /// <summary>Probes for which the kernel gave no receive timestamp (not in <see cref="KernelLatency"/>).</summary>
    public long KernelStampMissing { get; private set; }

    /// <summary>When set before <see cref="Start"/>, every probe received is counted per stream in the bucket of its send stamp.</summary>
    public BucketGrid? ReceivedBuckets { get; set; }

    public long Received => Interlocked.Read(ref _received);

    public long Foreign { get; private set; }

    public long ReceiveErrors { get; private set; }

    /// <summary>Streams that received at least one packet.</summary>
    public int StreamsSeen
    {
        get
        {
            int seen = 0;
            foreach (long count in _perStream) if (count > 0) seen++;
            return seen;
        }
    }

    public long LastReceiveTimestamp => Interlocked.Read(ref _lastReceiveTimestamp);

    /// <summary>Packets the senders sent per the sequence numbers seen (highest − first + 1, summed); read after <see cref="Drain"/>.</summary>
    public long ExpectedBySequence
    {
        get
        {
            long expected = 0;
            for (int i = 0; i < _perStream.Length; i++)
                if (_perStream[i] > 0) expected += _highestSequence[i] - _firstSequence[i] + 1;
            return expected;
        }
    }

    public void Start() => _thread.Start();

    /// <summary>Waits until nothing arrived for <paramref name="quiet"/> (or <paramref name="max"/> passed), then stops.</summary>
    public void Drain(TimeSpan quiet, TimeSpan max)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < max)
        {
            long last = LastReceiveTimestamp;
            var silence = Stopwatch.GetElapsedTime(last != 0 && last > start ? last : start);
            if (silence >= quiet) break;
            Thread.Sleep(10);
        }
        _stop = true;
        _thread.Join();
    }

    private void Loop()
    {
        double nsPerTick = KernelClock.NanosecondsPerTick;
        var buckets = ReceivedBuckets;
        while (!_stop)
        {
            int n = _receiver.Receive(_socket);
            if (n < 0) { ReceiveErrors++; Thread.Sleep(1); continue; }
            if (n == 0) continue;
            long now = Stopwatch.GetTimestamp();
            int valid = 0;
            for (int i = 0; i < n; i++)
            {
                var packet = _receiver.Packet(i);
                uint index;
                if (!RtpProbe.TryRead(packet, out uint ssrc, out ushort sequence, out long stamp) || (index = ssrc - _ssrcBase) >= (uint)_perStream.Length)
                {
                    Foreign++;
                    continue;
                }
                TrackSequence(index, sequence);
                _perStream[index]++;
                buckets?.Add(stamp, (int)index);
                valid++;
                Latency.Record((long)((now - stamp) * nsPerTick));
                if (_receiver.TryGetKernelTimestamp(i, out long kernelRealtime))
                    KernelLatency.Record(KernelClock.RealtimeToStopwatchNanoseconds(kernelRealtime, _realtimeOffset) - (long)(stamp * nsPerTick));
                else
                    KernelStampMissing++;
            }
            Interlocked.Add(ref _received, valid);
            Interlocked.Exchange(ref _lastReceiveTimestamp, now);
        }
    }

    private void TrackSequence(uint stream, ushort sequence)
    {
        if (_perStream[stream] == 0)
        {
            _firstSequence[stream] = _lastSequence[stream] = _highestSequence[stream] = sequence;
            return;
        }
        // The signed 16-bit distance from the previous packet handles wrap-around and reordering.
        long extended = _lastSequence[stream] + (short)(sequence - (ushort)_lastSequence[stream]);
        _lastSequence[stream] = extended;
        if (extended > _highestSequence[stream]) _highestSequence[stream] = extended;
        if (extended < _firstSequence[stream]) _firstSequence[stream] = extended;
    }

    public void Dispose()
    {
        if (_thread.IsAlive) { _stop = true; _thread.Join(); }
        _receiver.Dispose();
    }
}
