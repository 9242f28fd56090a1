using BenchmarkDotNet.Attributes;
using Mcptt.Relay.Core.Wire;

namespace Mcptt.Relay.Benchmarks.DataPlane;

/// <summary>Cost of looking at one datagram: RTP header validation, RTCP compound walk, classification.</summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private readonly byte[] _rtp = new byte[12 + 160];
    private readonly byte[] _rtcp = Convert.FromHexString(
        "81C8000C" + "00000022" + "0102030405060708" + "00027100" + "00000032" + "00001F40" +
        "000000B0" + "00000000" + "000004D2" + "00000000" + "00000000" + "00000000" +
        "81CA0003" + "00000022" + "0103614062" + "000000");

    [GlobalSetup]
    public void Setup()
    {
        _rtp[0] = 0x80;
        if (PacketClassifier.Classify(_rtcp, arrivedOnRtcpPort: true) != PacketKind.Rtcp)
            throw new InvalidOperationException("benchmark RTCP vector is not valid RTCP");
    }

    [Benchmark]
    public int ClassifyRtp() => (int)PacketClassifier.Classify(_rtp, arrivedOnRtcpPort: false);

    [Benchmark]
    public int ClassifyRtcpCompound() => (int)PacketClassifier.Classify(_rtcp, arrivedOnRtcpPort: true);

    [Benchmark]
    public int ParseRtpHeader() => RtpPacket.TryParse(_rtp, out var p) == WireError.None ? p.SequenceNumber : -1;
}
