using BenchmarkDotNet.Attributes;
using Mcptt.Relay.Core.Io.Raw;

namespace Mcptt.Relay.Benchmarks.DataPlane;

/// <summary>
/// What the Raw engine adds per packet on top of the shared pipeline, without the kernel:
/// on receive, summing the payload and checking the UDP checksum (what the kernel's UDP layer did
/// for a socket); per copy sent, writing the IPv4 + UDP header and its checksum — with the tail's
/// sum derived from the receive-side sum (what RawSender does) or summed again (the naive way,
/// for comparison). RTP of 172 bytes (160-byte G.711 payload) and 1212 bytes (video-sized).
/// </summary>
[MemoryDiagnoser]
public unsafe class RawPathBenchmarks
{
    private const uint Media = 0x7F000001;
    private byte[] _received = null!;
    private byte[] _header = null!;
    private ushort _payloadSum;

    [Params(172, 1212)]
    public int RtpBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _received = new byte[UdpIpHeader.Size + RtpBytes];
        new Random(1).NextBytes(_received);
        _header = new byte[UdpIpHeader.Size + 12];
        fixed (byte* ip = _received)
        {
            ulong sum = UdpIpHeader.Write(ip, 0x7F000001, 5000, Media, 61000, RtpBytes);
            _payloadSum = InternetChecksum.Fold(InternetChecksum.Add(0, ip + UdpIpHeader.Size, RtpBytes));
            UdpIpHeader.SetChecksum(ip, sum + _payloadSum);
        }
    }

    [Benchmark(Description = "receive: payload sum + UDP checksum check")]
    public bool VerifyReceived()
    {
        fixed (byte* ip = _received)
        {
            ushort payloadSum = InternetChecksum.Fold(InternetChecksum.Add(0, ip + UdpIpHeader.Size, RtpBytes));
            return UdpIpHeader.ChecksumAcceptable(ip, payloadSum, Media);
        }
    }

    [Benchmark(Description = "send copy: IP+UDP header, tail sum derived (RawSender)")]
    public void BuildHeaderDerivedTailSum()
    {
        fixed (byte* received = _received)
        fixed (byte* ip = _header)
        {
            byte* payload = received + UdpIpHeader.Size;
            ulong sum = UdpIpHeader.Write(ip, Media, 61002, 0x7F000001, 4000, RtpBytes);
            sum = InternetChecksum.Add(sum, ip + UdpIpHeader.Size, 12); // the rewritten RTP header
            ushort prefix = InternetChecksum.Fold(InternetChecksum.Add(0, payload, 12));
            sum += InternetChecksum.Subtract(_payloadSum, prefix);
            UdpIpHeader.SetChecksum(ip, sum);
        }
    }

    [Benchmark(Baseline = true, Description = "send copy: IP+UDP header, tail summed again")]
    public void BuildHeaderSummingTheTail()
    {
        fixed (byte* received = _received)
        fixed (byte* ip = _header)
        {
            byte* payload = received + UdpIpHeader.Size;
            ulong sum = UdpIpHeader.Write(ip, Media, 61002, 0x7F000001, 4000, RtpBytes);
            sum = InternetChecksum.Add(sum, ip + UdpIpHeader.Size, 12);
            sum = InternetChecksum.Add(sum, payload + 12, RtpBytes - 12);
            UdpIpHeader.SetChecksum(ip, sum);
        }
    }
}
