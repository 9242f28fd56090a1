using System.Buffers.Binary;
using Mcptt.Relay.Core.Io.Raw;
using Mcptt.Relay.Core.Tests.Support;

namespace Mcptt.Relay.Core.Tests.Io;

/// <summary>The raw engine's native-order checksum code against a slow big-endian reference.</summary>
public sealed unsafe class InternetChecksumTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(160)]
    [InlineData(1471)]
    public void NativeSum_MatchesTheReference_ForAnyLength(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        fixed (byte* p = data)
        {
            ushort native = InternetChecksum.Fold(InternetChecksum.Add(0, p, length));
            var stored = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(stored, BitConverter.IsLittleEndian ? native : BinaryPrimitives.ReverseEndianness(native));
            // Stored in memory order, the native sum reads back as the big-endian reference sum.
            Assert.Equal(RawIp.SlowSum(data), BinaryPrimitives.ReadUInt16BigEndian(stored));
        }
    }

    [Fact]
    public void TailSums_DerivedBySubtractionAndOddOffsets_MatchSummingTheTail()
    {
        var data = new byte[173];
        new Random(5).NextBytes(data);
        fixed (byte* p = data)
        {
            ushort whole = InternetChecksum.Fold(InternetChecksum.Add(0, p, data.Length));
            ushort prefix = InternetChecksum.Fold(InternetChecksum.Add(0, p, 12));
            ushort tail = InternetChecksum.Fold(InternetChecksum.Add(0, p + 12, data.Length - 12));
            Assert.Equal(Canonical(tail), Canonical(InternetChecksum.Subtract(whole, prefix)));

            // A 13-byte header followed by the rest: the rest sits at an odd offset.
            ushort head = InternetChecksum.Fold(InternetChecksum.Add(0, p, 13));
            ushort rest = InternetChecksum.Fold(InternetChecksum.Add(0, p + 13, data.Length - 13));
            Assert.Equal(Canonical(whole), Canonical(InternetChecksum.Fold((ulong)head + InternetChecksum.AtOddOffset(rest))));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(172)]
    public void WrittenHeader_CarriesAChecksumTheReferenceVerifies(int payloadLength)
    {
        var payload = new byte[payloadLength];
        new Random(payloadLength + 1).NextBytes(payload);
        var datagram = new byte[UdpIpHeader.Size + payloadLength];
        payload.CopyTo(datagram, UdpIpHeader.Size);
        fixed (byte* ip = datagram)
        {
            ulong sum = UdpIpHeader.Write(ip, 0x0A000005, 30002, 0xC0A80107, 4000, payloadLength);
            UdpIpHeader.SetChecksum(ip, InternetChecksum.Add(sum, ip + UdpIpHeader.Size, payloadLength));
        }
        Assert.True(RawIp.UdpChecksumVerifies(datagram));
        Assert.Equal(0x45, datagram[0]);
        Assert.Equal(datagram.Length, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)));
        Assert.Equal(0x4000, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(6))); // DF, offset 0
        Assert.Equal(64, datagram[8]);
        Assert.Equal(17, datagram[9]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(4)));  // id: the kernel's
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(10))); // header checksum: the kernel's
        Assert.Equal(30002, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(20)));
        Assert.Equal(4000, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(22)));
        Assert.Equal(8 + payloadLength, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(24)));
    }

    [Fact]
    public void ReceivedChecksum_FullAndAbsentPass_CorruptFails_LoopbackPartialOnlyFromThisHost()
    {
        var payload = new byte[40];
        new Random(9).NextBytes(payload);
        var good = RawIp.Datagram(5000, 30000, payload);
        var none = RawIp.Datagram(5000, 30000, payload, checksum: false);
        var bad = RawIp.Datagram(5000, 30000, payload, corrupt: true);
        var partial = Partial(payload, sourceFirstOctet: 127);
        var remotePartial = Partial(payload, sourceFirstOctet: 10); // it crossed a wire: a partial sum is corruption
        const uint media = 0x7F000001;

        Assert.True(Acceptable(good, media));
        Assert.True(Acceptable(none, media));
        Assert.False(Acceptable(bad, media));
        Assert.True(Acceptable(partial, media));
        Assert.False(Acceptable(remotePartial, media));
    }

    /// <summary>What a local UDP socket's datagram looks like on lo: only the pseudo-header sum (offload never completed).</summary>
    private static byte[] Partial(byte[] payload, byte sourceFirstOctet)
    {
        var d = RawIp.Datagram(5000, 30000, payload, checksum: false);
        d[12] = sourceFirstOctet;
        byte[] pseudo = [.. d.AsSpan(12, 8), 0, 17, 0, (byte)(8 + payload.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(26), RawIp.SlowSum(pseudo));
        return d;
    }

    private static bool Acceptable(byte[] datagram, uint media)
    {
        fixed (byte* ip = datagram)
        {
            ushort payloadSum = InternetChecksum.Fold(InternetChecksum.Add(0, ip + UdpIpHeader.Size, datagram.Length - UdpIpHeader.Size));
            return UdpIpHeader.ChecksumAcceptable(ip, payloadSum, media);
        }
    }

    /// <summary>0x0000 and 0xFFFF are both ones' complement zero.</summary>
    private static ushort Canonical(ushort sum) => sum == 0xFFFF ? (ushort)0 : sum;
}
