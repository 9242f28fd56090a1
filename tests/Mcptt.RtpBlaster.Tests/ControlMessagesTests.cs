using System.Buffers.Binary;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.RtpBlaster.Tests;

public class ControlMessagesTests
{
    private const int IpProtoIp = 0, IpTos = 1;

    /// <summary>Appends one cmsghdr record (little-endian x86-64 layout) padded to 8 bytes; returns the new end.</summary>
    private static int Append(Span<byte> buffer, int offset, int level, int type, ReadOnlySpan<byte> data, int? lengthOverride = null)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer[offset..], (ulong)(lengthOverride ?? 16 + data.Length));
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(offset + 8)..], level);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(offset + 12)..], type);
        data.CopyTo(buffer[(offset + 16)..]);
        return offset + ((16 + data.Length + 7) & ~7);
    }

    private static byte[] TimeSpec(long seconds, long nanoseconds)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, seconds);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), nanoseconds);
        return bytes;
    }

    [Fact]
    public void Reads_the_timestamp_record()
    {
        var buffer = new byte[64];
        int end = Append(buffer, 0, ControlMessages.SolSocket, ControlMessages.ScmTimestampNs, TimeSpec(1_763_700_000, 123_456_789));

        Assert.True(ControlMessages.TryReadTimestampNs(buffer.AsSpan(0, end), out long ns));
        Assert.Equal(1_763_700_000L * 1_000_000_000 + 123_456_789, ns);
    }

    [Fact]
    public void Skips_a_padded_record_before_the_timestamp()
    {
        var buffer = new byte[96];
        int end = Append(buffer, 0, IpProtoIp, IpTos, [0xB8]);
        Assert.Equal(24, end);
        end = Append(buffer, end, ControlMessages.SolSocket, ControlMessages.ScmTimestampNs, TimeSpec(7, 9));

        Assert.True(ControlMessages.TryReadTimestampNs(buffer.AsSpan(0, end), out long ns));
        Assert.Equal(7_000_000_009L, ns);
    }

    [Fact]
    public void No_timestamp_record_is_reported_as_missing()
    {
        var buffer = new byte[64];
        int end = Append(buffer, 0, IpProtoIp, IpTos, [0xB8]);

        Assert.False(ControlMessages.TryReadTimestampNs(buffer.AsSpan(0, end), out _));
        Assert.False(ControlMessages.TryReadTimestampNs([], out _));
    }

    [Theory]
    [InlineData(0)]    // shorter than its own header: would never advance
    [InlineData(8)]
    [InlineData(200)]  // past the end of the buffer
    public void A_malformed_length_stops_the_walk(int length)
    {
        var buffer = new byte[64];
        int end = Append(buffer, 0, ControlMessages.SolSocket, ControlMessages.ScmTimestampNs, TimeSpec(1, 2), length);

        Assert.False(ControlMessages.TryReadTimestampNs(buffer.AsSpan(0, end), out _));
    }

    [Fact]
    public void A_timestamp_record_too_short_for_a_timespec_is_not_read()
    {
        var buffer = new byte[64];
        int end = Append(buffer, 0, ControlMessages.SolSocket, ControlMessages.ScmTimestampNs, new byte[8]);

        Assert.False(ControlMessages.TryReadTimestampNs(buffer.AsSpan(0, end), out _));
    }
}
