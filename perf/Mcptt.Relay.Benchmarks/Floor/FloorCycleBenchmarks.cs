using BenchmarkDotNet.Attributes;
using Mcptt.Floor.Binding;
using Mcptt.Floor.Server;
using Mcptt.Floor.Wire;
using Mcptt.Relay.Core.Control;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Relay.Benchmarks.Floor;

/// <summary>
/// Floor control's own cost per talk burst in a group of 10, as the appliance runs it: diverted datagrams through
/// <see cref="RelayFloorBinding"/> into the session (Request, Ack of Granted, Release, 10 Acks of Idle), with real
/// timers (T1, T2, T20, T4, T7 started and stopped) and a data plane that does nothing. The binding holds
/// <see cref="Groups"/> such sessions, so lookups and the media poll see the size of a real deployment.
/// </summary>
[MemoryDiagnoser]
public class FloorCycleBenchmarks
{
    private const int Members = 10;
    private NullRelayControl _relay = null!;
    private RelayFloorBinding _binding = null!;
    private LegHandle[][] _floorLegs = null!;
    private byte[] _request = null!, _release = null!, _ackGranted = null!, _ackIdle = null!;
    private int _cycle;

    [Params(2000)]
    public int Groups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _relay = new NullRelayControl();
        var server = new FloorServer(new MetricsRegistry(), TimeProvider.System, new FloorTimers());
        // No automatic poll: PollMedia is measured on its own below.
        _binding = new RelayFloorBinding(_relay, server, TimeSpan.FromHours(1));
        _floorLegs = new LegHandle[Groups][];
        for (int g = 0; g < Groups; g++)
        {
            var session = _binding.CreateSession(new BridgeHandle(g + 1), new FloorSessionOptions { Label = $"g{g}", ServerSsrc = 1 });
            _floorLegs[g] = new LegHandle[Members];
            for (int m = 0; m < Members; m++)
            {
                var audio = _relay.AllocateLeg(new LegOptions())!.Value;
                var floor = _relay.AllocateLeg(new LegOptions(LegKind.Diverted))!.Value;
                _binding.AddParticipant(session, new FloorParticipantOptions($"m{m}") { UserId = $"sip:g{g}m{m}@example.org" }, audio, floor);
                _floorLegs[g][m] = floor;
            }
            session.Start();
        }
        _request = Plain(FloorMessageType.Request);
        _release = Plain(FloorMessageType.Release);
        _ackGranted = Ack(FloorMessageType.Granted);
        _ackIdle = Ack(FloorMessageType.Idle);
    }

    [GlobalCleanup]
    public void Cleanup() => _binding.Dispose();

    /// <summary>One talk burst: 13 messages in, 20 out (Granted, 9 Taken, 10 Idle), two media gate changes.</summary>
    [Benchmark]
    public long TalkBurst()
    {
        int cycle = _cycle++;
        var legs = _floorLegs[cycle % Groups];
        var talker = legs[cycle / Groups % Members];
        _relay.Divert(talker, _request);
        _relay.Divert(talker, _ackGranted);
        _relay.Divert(talker, _release);
        foreach (var leg in legs) _relay.Divert(leg, _ackIdle);
        return _relay.Sent;
    }

    /// <summary>The binding's 250 ms poll of every participant's RTP activity (T1, legacy implicit requests).</summary>
    [Benchmark]
    public void MediaPoll() => _binding.PollMedia();

    private static byte[] Plain(FloorMessageType type)
    {
        var buffer = new byte[256];
        var writer = new FloorMessageWriter(buffer, type, false, 0x1234);
        return buffer[..writer.Finish()];
    }

    private static byte[] Ack(FloorMessageType acknowledged)
    {
        var buffer = new byte[256];
        var writer = new FloorMessageWriter(buffer, FloorMessageType.Ack, false, 0x1234);
        writer.Source(FloorSource.FloorParticipant);
        writer.MessageType(FloorSubtype.Encode(acknowledged, true));
        return buffer[..writer.Finish()];
    }
}
