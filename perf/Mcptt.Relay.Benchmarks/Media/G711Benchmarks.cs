using BenchmarkDotNet.Attributes;
using Mcptt.Media.Codecs.G711;
using Mcptt.Media.Simd;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// G.711 encode + decode of one 20 ms frame (160 samples), scalar against each vector width. The scalar
/// encoder is the branch-free LZCNT formulation and the scalar decoder a 256-entry table, so the baseline is
/// already a good scalar implementation.
/// </summary>
[MemoryDiagnoser]
public class G711Benchmarks
{
    private readonly short[] _pcm = BenchmarkSignals.Voice(8000, 1)[..160];
    private readonly byte[] _codes = new byte[160];
    private readonly short[] _decoded = new short[160];

    [Params(SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512)]
    public SimdWidth Width { get; set; }

    [Params(G711Law.MuLaw, G711Law.ALaw)]
    public G711Law Law { get; set; }

    [Benchmark]
    public byte Encode()
    {
        G711Transcoder.Encode(Law, _pcm, _codes, Width);
        return _codes[0];
    }

    [Benchmark]
    public short Decode()
    {
        G711Transcoder.Decode(Law, _codes, _decoded, Width);
        return _decoded[0];
    }
}
