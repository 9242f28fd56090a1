using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Mcptt.Client.Media;

/// <summary>
/// The audio RTP socket of one client: receives and accounts RTP (optionally recording it to
/// a WAV file) and sends the microphone as PCMU, 20 ms / 160 samples per packet, with one
/// random SSRC and continuous sequence numbers and timestamps across talk bursts.
/// </summary>
public sealed class AudioChannel : IAsyncDisposable
{
    public const int SamplesPerPacket = 160;
    public const byte PayloadTypePcmu = 0;
    public const byte PayloadTypePcma = 8;
    private const int MaxDatagram = 2048;
    private static readonly TimeSpan PacketInterval = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly RtpReceiveCounter _counter = new();
    private readonly Lock _statsGate = new();
    private readonly Task _receiveLoop;
    private WavWriter? _recorder;
    private IPEndPoint? _remote;
    private ushort _sequence;
    private uint _timestamp;

    public AudioChannel(IPAddress localAddress, int port)
    {
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(localAddress, port));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    public uint Ssrc { get; }

    /// <summary>Where RTP goes: the c=/m=audio of the SDP answer.</summary>
    public IPEndPoint? Remote { get => Volatile.Read(ref _remote); set => Volatile.Write(ref _remote, value); }

    public long PacketsSent { get; private set; }

    /// <summary>Raised on the receive thread for every valid RTP packet; keep handlers short.</summary>
    public event Action<RtpPacketInfo>? PacketReceived;

    public RtpReceiveStats Stats
    {
        get
        {
            lock (_statsGate)
            {
                return _counter.Snapshot();
            }
        }
    }

    /// <summary>Starts writing decoded received audio (PCMU/PCMA) to a WAV file.</summary>
    public void Record(string path) => _recorder = new WavWriter(path);

    /// <summary>
    /// Sends <paramref name="microphone"/> (looped) for <paramref name="duration"/>, paced to real time.
    /// Stops early when <paramref name="cancel"/> fires (e.g. floor revoked or released).
    /// </summary>
    public async Task<int> TalkAsync(short[] microphone, TimeSpan duration, CancellationToken cancel)
    {
        if (microphone.Length == 0)
        {
            throw new ArgumentException("microphone has no samples", nameof(microphone));
        }

        IPEndPoint remote = Remote ?? throw new InvalidOperationException("no remote audio address (call not connected)");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
        byte[] packet = new byte[RtpHeader.FixedSize + SamplesPerPacket];
        int packets = (int)Math.Ceiling(duration / PacketInterval);
        int position = 0;
        int sent = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            for (int i = 0; i < packets; i++)
            {
                // Pace against the start time so timer jitter does not accumulate into drift.
                TimeSpan due = PacketInterval * i;
                TimeSpan wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, linked.Token).ConfigureAwait(false);
                }

                linked.Token.ThrowIfCancellationRequested();
                new RtpHeader(i == 0, PayloadTypePcmu, _sequence, _timestamp, Ssrc).Write(packet);
                Span<byte> payload = packet.AsSpan(RtpHeader.FixedSize);
                for (int s = 0; s < SamplesPerPacket; s++)
                {
                    payload[s] = MuLaw.Encode(microphone[position]);
                    position = (position + 1) % microphone.Length;
                }

                await _socket.SendToAsync(packet, SocketFlags.None, remote, linked.Token).ConfigureAwait(false);
                _sequence++;
                _timestamp += SamplesPerPacket;
                sent++;
                PacketsSent++;
            }
        }
        catch (OperationCanceledException)
        {
            // Talk ended early (floor lost, user released, shutdown): report what was sent.
        }

        return sent;
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[MaxDatagram];
        short[] pcm = new short[MaxDatagram];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send surfaces here on some platforms; keep listening.
                continue;
            }

            ReadOnlySpan<byte> datagram = buffer.AsSpan(0, result.ReceivedBytes);
            if (!RtpHeader.TryParse(datagram, out RtpHeader header, out ReadOnlySpan<byte> payload))
            {
                lock (_statsGate)
                {
                    _counter.CountInvalid();
                }

                continue;
            }

            lock (_statsGate)
            {
                _counter.Count(header, payload.Length);
            }

            WavWriter? recorder = _recorder;
            if (recorder is not null && header.PayloadType is PayloadTypePcmu or PayloadTypePcma)
            {
                for (int i = 0; i < payload.Length; i++)
                {
                    pcm[i] = header.PayloadType == PayloadTypePcmu ? MuLaw.Decode(payload[i]) : ALaw.Decode(payload[i]);
                }

                recorder.Write(pcm.AsSpan(0, payload.Length));
            }

            PacketReceived?.Invoke(new RtpPacketInfo(header, payload.Length, (IPEndPoint)result.RemoteEndPoint));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _recorder?.Dispose();
        _stop.Dispose();
    }
}
