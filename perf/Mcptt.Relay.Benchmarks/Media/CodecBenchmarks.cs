using BenchmarkDotNet.Attributes;
using Mcptt.Media.Codecs;
using Mcptt.Media.Dsp;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>Encode + decode of one 20 ms frame for the other codecs, and the resampler per 20 ms block.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private IAudioCodec _g722 = null!;
    private IAudioCodec _codec2 = null!;
    private readonly short[] _wide = BenchmarkSignals.Voice(16000, 1)[..320];
    private readonly short[] _narrow = BenchmarkSignals.Voice(8000, 1)[..160];
    private readonly short[] _full = BenchmarkSignals.Voice(48000, 1)[..960];
    private readonly short[] _out = new short[960];
    private readonly byte[] _payload = new byte[200];
    private readonly Resampler _up = new(8000, 48000);
    private readonly Resampler _down = new(48000, 8000);
    private readonly Resampler _upWide = new(16000, 48000);

    [GlobalSetup]
    public void Setup()
    {
        var factory = new AudioCodecFactory();
        _g722 = factory.Create("G722", 8000);
        _codec2 = factory.Create("CODEC2", 8000, 1, "mode=3200");
    }

    [Benchmark]
    public int G722EncodeDecode()
    {
        var encoded = _g722.Encode(_wide, _payload);
        return _g722.Decode(_payload.AsSpan(0, encoded.Count), _out).Count;
    }

    [Benchmark]
    public int Codec2EncodeDecode()
    {
        var encoded = _codec2.Encode(_narrow, _payload);
        return _codec2.Decode(_payload.AsSpan(0, encoded.Count), _out).Count;
    }

    [Benchmark]
    public int Resample8To48() => _up.Process(_narrow, _out).Count;

    [Benchmark]
    public int Resample48To8() => _down.Process(_full, _out).Count;

    [Benchmark]
    public int Resample16To48() => _upWide.Process(_wide, _out).Count;
}
