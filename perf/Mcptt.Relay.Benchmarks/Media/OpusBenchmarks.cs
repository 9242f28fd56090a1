using BenchmarkDotNet.Attributes;
using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.Opus;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// Opus encode + decode of one 20 ms frame at 48 kHz and rtpengine's default 32 kbit/s: Debian's libopus through
/// P/Invoke against Concentus (managed). Frames cycle through one second of audio so the encoder is not coding
/// the same frame over and over.
/// </summary>
[MemoryDiagnoser]
public class OpusBenchmarks
{
    private IAudioCodec _codec = null!;
    private short[] _pcm = null!;
    private readonly byte[] _payload = new byte[1275];
    private short[] _decoded = null!;
    private int _frame;

    [Params(OpusImplementation.LibOpus, OpusImplementation.Concentus)]
    public OpusImplementation Implementation { get; set; }

    [Params(1, 2)]
    public int Channels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string fmtp = Channels == 2 ? "stereo=1;sprop-stereo=1" : "";
        _codec = new AudioCodecFactory(new CodecLibraryOptions { Opus = Implementation }).Create("opus", 48000, 2, fmtp);
        _pcm = BenchmarkSignals.Voice(48000, 1, Channels);
        _decoded = new short[960 * Channels];
    }

    [GlobalCleanup]
    public void Cleanup() => _codec.Dispose();

    [Benchmark]
    public int EncodeDecode()
    {
        int samples = 960 * Channels;
        var frame = _pcm.AsSpan(_frame * samples, samples);
        _frame = (_frame + 1) % 50;
        var encoded = _codec.Encode(frame, _payload);
        return _codec.Decode(_payload.AsSpan(0, encoded.Count), _decoded).Count;
    }
}
