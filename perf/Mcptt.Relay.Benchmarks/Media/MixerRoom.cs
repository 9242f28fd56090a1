using Mcptt.Media.Codecs;
using Mcptt.Media.Dsp;
using Mcptt.Media.Mixing;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// One mixed room as a media worker would run it per 20 ms tick: every participant's packet decoded (and
/// resampled to the room rate when the codec's rate differs), the mix, and every participant's output
/// resampled back and encoded into its own packet buffer. <see cref="Tick"/> with shared encoding encodes the
/// common mix once for all listeners (each talker still gets its own "everyone but me" encoding).
/// </summary>
internal sealed class MixerRoom : IDisposable
{
    private readonly AudioMixer _mixer;
    private readonly IAudioCodec[] _codecs;
    private readonly Resampler?[] _up;
    private readonly Resampler?[] _down;
    private readonly byte[][] _incoming;
    private readonly byte[][] _outgoing;
    private readonly int[] _outgoingLength;
    private readonly short[] _codecFrame;
    private readonly IAudioCodec _commonCodec;
    private readonly Resampler? _commonDown;

    public MixerRoom(int participants, int roomRate, Func<IAudioCodec> createCodec)
    {
        _mixer = new AudioMixer(new MixerOptions { FrameSamples = roomRate / 50, MaxParticipants = participants, MaxTalkers = 3 });
        _codecs = new IAudioCodec[participants];
        _up = new Resampler?[participants];
        _down = new Resampler?[participants];
        _incoming = new byte[participants][];
        _outgoing = new byte[participants][];
        _outgoingLength = new int[participants];
        _commonCodec = createCodec();
        int codecRate = _commonCodec.Format.SampleRate;
        _codecFrame = new short[Math.Max(codecRate, roomRate) / 50];
        if (codecRate != roomRate) _commonDown = new Resampler(roomRate, codecRate);
        var voice = BenchmarkSignals.Voice(codecRate, 1);
        var encoder = createCodec();
        for (int p = 0; p < participants; p++)
        {
            _mixer.Add();
            _codecs[p] = createCodec();
            if (codecRate != roomRate)
            {
                _up[p] = new Resampler(codecRate, roomRate);
                _down[p] = new Resampler(roomRate, codecRate);
            }
            // Each participant sends a different frame, louder or softer, so the N-loudest choice has work to do.
            var frame = voice.AsSpan((p % 50) * (codecRate / 50), codecRate / 50).ToArray();
            for (int i = 0; i < frame.Length; i++) frame[i] = (short)(frame[i] * (0.2 + 0.8 * ((p * 37) % 11) / 10.0));
            var payload = new byte[1275];
            _incoming[p] = payload.AsSpan(0, encoder.Encode(frame, payload).Count).ToArray();
            _outgoing[p] = new byte[1275];
        }
        encoder.Dispose();
    }

    /// <summary>Decode, mix, encode for every participant; returns the bytes produced (so nothing is optimised away).</summary>
    public int Tick(bool sharedEncoding)
    {
        for (int p = 0; p < _codecs.Length; p++) Decode(p);
        _mixer.Mix();
        int bytes = 0, common = -1;
        for (int p = 0; p < _codecs.Length; p++)
        {
            if (sharedEncoding && _mixer.HearsCommonMix(p))
            {
                if (common < 0) common = EncodeCommon();
                _outgoing[common].AsSpan(0, _outgoingLength[common]).CopyTo(_outgoing[p]); // the packet buffer every listener sends
                bytes += _outgoingLength[common];
                continue;
            }
            bytes += Encode(p, _codecs[p], _down[p], p);
        }
        return bytes;
    }

    /// <summary>Only the mixer: inputs copied in (already decoded), one mix, outputs read.</summary>
    public int MixOnly(short[] decoded)
    {
        for (int p = 0; p < _codecs.Length; p++) decoded.AsSpan(0, _mixer.FrameSamples).CopyTo(_mixer.Input(p));
        _mixer.Mix();
        int sum = 0;
        for (int p = 0; p < _codecs.Length; p++) sum += _mixer.Output(p)[0];
        return sum;
    }

    public int FrameSamples => _mixer.FrameSamples;

    private void Decode(int p)
    {
        var input = _mixer.Input(p);
        if (_up[p] is { } up)
        {
            int n = _codecs[p].Decode(_incoming[p], _codecFrame).Count;
            up.Process(_codecFrame.AsSpan(0, n), input);
        }
        else
        {
            _codecs[p].Decode(_incoming[p], input);
        }
    }

    private int Encode(int p, IAudioCodec codec, Resampler? down, int slot)
    {
        var mix = _mixer.Output(p);
        ReadOnlySpan<short> pcm = mix;
        if (down is not null)
        {
            int n = down.Process(mix, _codecFrame).Count;
            pcm = _codecFrame.AsSpan(0, n);
        }
        _outgoingLength[slot] = codec.Encode(pcm, _outgoing[slot]).Count;
        return _outgoingLength[slot];
    }

    /// <summary>Encodes the common mix once, into the first listener's buffer; returns that listener.</summary>
    private int EncodeCommon()
    {
        for (int p = 0; p < _codecs.Length; p++)
        {
            if (!_mixer.HearsCommonMix(p)) continue;
            Encode(p, _commonCodec, _commonDown, p);
            return p;
        }
        return -1;
    }

    public void Dispose()
    {
        foreach (var codec in _codecs) codec.Dispose();
        _commonCodec.Dispose();
    }
}
