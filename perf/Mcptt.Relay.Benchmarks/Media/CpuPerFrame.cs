using System.Globalization;
using Mcptt.Media.Codecs;
using Mcptt.Media.Codecs.G711;
using Mcptt.Media.Codecs.Opus;
using Mcptt.Media.Dsp;
using Mcptt.Media.Simd;

namespace Mcptt.Relay.Benchmarks.Media;

/// <summary>
/// <c>dotnet run -c Release --project perf/Mcptt.Relay.Benchmarks -- media-cpu</c>: thread CPU time per 20 ms
/// frame (or per participant per frame for mixer rooms) of every media scenario, median of 5 rounds after a
/// warm-up, with the bytes allocated per frame. Complements the BenchmarkDotNet classes in this folder, whose
/// wall-clock figures a loaded shared machine inflates (see perf/RESULTS.md §12a).
/// </summary>
internal static class CpuPerFrame
{
    private sealed record Scenario(string Name, int Units, Func<int> Tick);

    public static void Run(string? filter)
    {
        Console.WriteLine("| Scenario | CPU µs per unit (median of 5) | min | allocated B per tick |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var scenario in Scenarios())
        {
            if (filter is not null && !scenario.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
            Measure(scenario);
        }
    }

    private static void Measure(Scenario scenario)
    {
        for (int i = 0; i < 100; i++) scenario.Tick(); // tiered JIT, PGO, codec state
        long start = ThreadCpuClock.NowNanoseconds();
        int calibration = 0;
        while (ThreadCpuClock.NowNanoseconds() - start < 10_000_000) { scenario.Tick(); calibration++; }
        int ticks = Math.Max(5, calibration * 2); // ~20 ms of CPU per round
        var perUnit = new double[5];
        long allocated = 0;
        for (int round = 0; round < perUnit.Length; round++)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            long t0 = ThreadCpuClock.NowNanoseconds();
            for (int i = 0; i < ticks; i++) scenario.Tick();
            perUnit[round] = (ThreadCpuClock.NowNanoseconds() - t0) / 1000.0 / ticks / scenario.Units;
            allocated = Math.Max(allocated, (GC.GetAllocatedBytesForCurrentThread() - bytes) / ticks);
        }
        Array.Sort(perUnit);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scenario.Name} | {perUnit[2]:F2} | {perUnit[0]:F2} | {allocated} |"));
    }

    private static IEnumerable<Scenario> Scenarios()
    {
        foreach (var law in new[] { G711Law.MuLaw, G711Law.ALaw })
            foreach (var width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
                if (SimdSupport.IsSupported(width)) yield return G711(law, width);
        yield return Codec("G.722 encode+decode", new AudioCodecFactory().Create("G722", 8000), 16000);
        yield return Codec("Codec2 3200 encode+decode", new AudioCodecFactory().Create("CODEC2", 8000, 1, "mode=3200"), 8000);
        foreach (var implementation in new[] { OpusImplementation.LibOpus, OpusImplementation.Concentus })
            foreach (int channels in new[] { 1, 2 })
            {
                var factory = new AudioCodecFactory(new CodecLibraryOptions { Opus = implementation });
                var codec = factory.Create("opus", 48000, 2, channels == 2 ? "stereo=1;sprop-stereo=1" : null);
                yield return Codec($"Opus {implementation} 48 kHz {(channels == 2 ? "stereo" : "mono")} 32 kbit/s encode+decode", codec, 48000, channels);
            }
        foreach (var (from, to) in new[] { (8000, 48000), (48000, 8000), (16000, 48000), (48000, 16000), (8000, 16000), (16000, 8000) })
            yield return Resample(from, to);
        foreach (int rate in new[] { 8000, 16000 })
            foreach (int n in new[] { 3, 10, 50, 300 })
            {
                var room = new MixerRoom(n, rate, () => new G711Codec(G711Law.MuLaw));
                var decoded = BenchmarkSignals.Voice(rate, 1)[..(rate / 50)];
                yield return new Scenario($"mixer only, {n} participants, {rate / 1000} kHz (per participant)", n, () => room.MixOnly(decoded));
                yield return new Scenario($"PCMU room, {n} participants, {rate / 1000} kHz, encode per participant", n, () => room.Tick(false));
                yield return new Scenario($"PCMU room, {n} participants, {rate / 1000} kHz, shared listener encoding", n, () => room.Tick(true));
            }
        foreach (int rate in new[] { 8000, 16000 })
            foreach (int n in new[] { 3, 10, 50 })
            {
                var factory = new AudioCodecFactory(new CodecLibraryOptions { OpusPcmSampleRate = rate });
                var room = new MixerRoom(n, rate, () => factory.Create("opus", 48000, 2));
                yield return new Scenario($"Opus room, {n} participants, {rate / 1000} kHz, encode per participant", n, () => room.Tick(false));
                yield return new Scenario($"Opus room, {n} participants, {rate / 1000} kHz, shared listener encoding", n, () => room.Tick(true));
            }
    }

    private static Scenario G711(G711Law law, SimdWidth width)
    {
        var pcm = BenchmarkSignals.Voice(8000, 1)[..160];
        var codes = new byte[160];
        var decoded = new short[160];
        return new Scenario($"G.711 {law} encode+decode, {width}", 1, () =>
        {
            G711Transcoder.Encode(law, pcm, codes, width);
            G711Transcoder.Decode(law, codes, decoded, width);
            return decoded[0];
        });
    }

    private static Scenario Codec(string name, IAudioCodec codec, int rate, int channels = 1)
    {
        var pcm = BenchmarkSignals.Voice(rate, 1, channels);
        int samples = codec.Format.PcmSamplesPerFrame, frames = pcm.Length / samples, frame = 0;
        var payload = new byte[1275];
        var decoded = new short[samples];
        return new Scenario(name, 1, () =>
        {
            var encoded = codec.Encode(pcm.AsSpan(frame * samples, samples), payload);
            frame = (frame + 1) % frames;
            return codec.Decode(payload.AsSpan(0, encoded.Count), decoded).Count;
        });
    }

    private static Scenario Resample(int from, int to)
    {
        var resampler = new Resampler(from, to);
        var input = BenchmarkSignals.Voice(from, 1)[..(from / 50)];
        var output = new short[to / 50];
        return new Scenario($"resample {from / 1000} -> {to / 1000} kHz, 20 ms", 1, () => resampler.Process(input, output).Count);
    }
}
