using BenchmarkDotNet.Attributes;
using Mcptt.Media.Codecs;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// The same room with Opus participants (libopus at 32 kbit/s, decoding and encoding at the room rate, so no
/// resampler): per-participant encoding as Janus does, and one shared encoding of the common mix.
/// </summary>
[MemoryDiagnoser]
public class MixerOpusBenchmarks
{
    private MixerRoom _room = null!;

    [Params(3, 10, 50)]
    public int Participants { get; set; }

    [Params(8000, 16000)]
    public int RoomRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var factory = new AudioCodecFactory(new CodecLibraryOptions { OpusPcmSampleRate = RoomRate });
        _room = new MixerRoom(Participants, RoomRate, () => factory.Create("opus", 48000, 2));
    }

    [GlobalCleanup]
    public void Cleanup() => _room.Dispose();

    [Benchmark]
    public int Opus() => _room.Tick(sharedEncoding: false);

    [Benchmark]
    public int OpusSharedEncoding() => _room.Tick(sharedEncoding: true);
}
