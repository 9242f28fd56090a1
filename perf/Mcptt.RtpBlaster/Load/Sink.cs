using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mcptt.RtpBlaster.Native;
using Mcptt.RtpBlaster.Reporting;

namespace Mcptt.RtpBlaster.Load;

/// <summary>
/// Receives probes on one socket with recvmmsg on its own thread, counting per stream and recording
/// one-way latency (receive time − embedded send time; sender and sink share the process's Stopwatch,
/// so the clocks agree). Anything that is not a probe of ours is counted as foreign.
/// </summary>
internal sealed unsafe class Sink : IDisposable
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
    private readonly LinuxUdp.MMsgHdr* _messages;
    private readonly LinuxUdp.IoVec* _iov;
    private readonly byte* _buffers;
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
        _messages = (LinuxUdp.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(LinuxUdp.MMsgHdr)));
        _iov = (LinuxUdp.IoVec*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(LinuxUdp.IoVec)));
        _buffers = (byte*)NativeMemory.AllocZeroed(Batch * BufferBytes);
        for (int i = 0; i < Batch; i++)
        {
            _iov[i].Base = _buffers + i * BufferBytes;
            _iov[i].Length = BufferBytes;
            _messages[i].Header.Iov = _iov + i;
            _messages[i].Header.IovLength = 1;
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = "rtp-sink" };
    }

    public LatencyHistogram Latency { get; } = new();

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
        double nsPerTick = 1e9 / Stopwatch.Frequency;
        var buckets = ReceivedBuckets;
        while (!_stop)
        {
            int n = LinuxUdp.Receive(_socket, _messages, Batch);
            if (n < 0) { ReceiveErrors++; Thread.Sleep(1); continue; }
            if (n == 0) continue;
            long now = Stopwatch.GetTimestamp();
            int valid = 0;
            for (int i = 0; i < n; i++)
            {
                var packet = new ReadOnlySpan<byte>(_buffers + i * BufferBytes, (int)_messages[i].Length);
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
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_buffers);
    }
}
