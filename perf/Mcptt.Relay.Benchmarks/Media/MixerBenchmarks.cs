using BenchmarkDotNet.Attributes;
using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.G711;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// One 20 ms tick of a mixed room of N participants, all sending (the 3 loudest are mixed): the mixer alone,
/// and the whole per-participant journey for PCMU (decode, resample to a 16 kHz room, mix, resample back,
/// encode), with every output encoded separately (what Janus AudioBridge does) or the common mix encoded once
/// for all listeners. Divide by N for the cost per participant (perf/RESULTS.md §12a does).
/// </summary>
[MemoryDiagnoser]
public class MixerBenchmarks
{
    private MixerRoom _room = null!;
    private short[] _decoded = null!;

    [Params(3, 10, 50, 300)]
    public int Participants { get; set; }

    [Params(8000, 16000)]
    public int RoomRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _room = new MixerRoom(Participants, RoomRate, () => new G711Codec(G711Law.MuLaw));
        _decoded = BenchmarkSignals.Voice(RoomRate, 1)[..(RoomRate / 50)];
    }

    [GlobalCleanup]
    public void Cleanup() => _room.Dispose();

    [Benchmark]
    public int MixOnly() => _room.MixOnly(_decoded);

    [Benchmark]
    public int Pcmu() => _room.Tick(sharedEncoding: false);

    [Benchmark]
    public int PcmuSharedEncoding() => _room.Tick(sharedEncoding: true);
}
