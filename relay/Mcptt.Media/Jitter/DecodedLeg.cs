using Mcptt.Media.Codecs;

namespace Mcptt.Media.Jitter;

/// <summary>
/// The receive side of one leg that is decoded (for mixing, transcoding, recording or DTMF detection): a
/// jitter buffer feeding a codec, with loss concealment. The media worker calls <see cref="Receive"/> per RTP
/// packet and <see cref="NextFrame"/> per 20 ms tick; both are allocation-free. Lost frames use the codec's
/// own concealment where it has one (Opus: FEC from the next packet when the peer sends it, else PLC), else
/// repeat-and-fade. A payload the codec rejects is counted and concealed like a loss.
/// </summary>
public sealed class DecodedLeg : IDisposable
{
    private readonly IAudioCodec _codec;
    private readonly JitterBuffer _buffer;
    private readonly RepeatFadeConcealer _concealer;
    private readonly byte[] _payload;
    private DecodedLegStats _stats;

    public DecodedLeg(IAudioCodec codec, JitterBufferOptions? options = null)
    {
        _codec = codec;
        var format = codec.Format;
        options ??= new JitterBufferOptions();
        _buffer = new JitterBuffer(options with { ClockRate = format.RtpClockRate, FrameMilliseconds = format.FrameMilliseconds });
        _payload = new byte[options.MaxPayloadBytes];
        _concealer = new RepeatFadeConcealer(format.PcmSamplesPerFrame);
    }

    public CodecFormat Format => _codec.Format;

    public JitterBuffer Buffer => _buffer;

    public DecodedLegStats Stats => _stats;

    /// <summary>Buffers one RTP payload; false when the jitter buffer dropped it (counted there).</summary>
    public bool Receive(ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, long arrivalMs) =>
        _buffer.Insert(sequence, timestamp, payload, arrivalMs);

    /// <summary>Fills one frame (<see cref="CodecFormat.PcmSamplesPerFrame"/> samples) of PCM for this tick.</summary>
    public LegFrame NextFrame(Span<short> pcm)
    {
        int samples = _codec.Format.PcmSamplesPerFrame;
        if (pcm.Length < samples) throw new ArgumentException($"the frame needs {samples} samples", nameof(pcm));
        var frame = pcm[..samples];
        switch (_buffer.Pop(_payload, out int length))
        {
            case JitterPop.Frame:
                var decoded = _codec.Decode(_payload.AsSpan(0, length), frame);
                if (decoded.Ok && decoded.Count == samples)
                {
                    _concealer.Remember(frame);
                    _stats.Decoded++;
                    return LegFrame.Decoded;
                }
                _stats.DecodeErrors++;
                return Conceal(frame);
            case JitterPop.Missing:
                return Conceal(frame);
            default:
                frame.Clear();
                return LegFrame.Silence;
        }
    }

    private LegFrame Conceal(Span<short> frame)
    {
        _stats.Concealed++;
        var own = _codec.Conceal(_buffer.PeekNext(), frame);
        if (own.Ok && own.Count == frame.Length)
        {
            _stats.CodecConcealed++;
            return LegFrame.Concealed;
        }
        _concealer.Conceal(frame, frame.Length);
        return LegFrame.Concealed;
    }

    public void Dispose() => _codec.Dispose();
}
