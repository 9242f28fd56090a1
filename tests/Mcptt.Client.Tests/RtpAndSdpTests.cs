using System.Net;
using Mcptt.Client.Media;
using Mcptt.Client.Sip;

namespace Mcptt.Client.Tests;

public class RtpAndSdpTests
{
    [Fact]
    public void Rtp_header_round_trips_and_skips_csrc_extension_and_padding()
    {
        byte[] packet = new byte[12 + 4 + 8 + 3 + 2];
        new RtpHeader(true, 0, 65535, 123456, 0xCAFEBABE).Write(packet);
        packet[0] |= 0x20 | 0x10 | 0x01; // padding, extension, one CSRC
        packet[12 + 4 + 2] = 0;
        packet[12 + 4 + 3] = 1; // extension length: 1 word
        packet[24] = 0xAA; packet[25] = 0xBB; packet[26] = 0xCC;
        packet[^1] = 2; // two padding octets

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header, out ReadOnlySpan<byte> payload));
        Assert.True(header.Marker);
        Assert.Equal((ushort)65535, header.Sequence);
        Assert.Equal(123456u, header.Timestamp);
        Assert.Equal(0xCAFEBABEu, header.Ssrc);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 })]
    [InlineData(new byte[] { 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x81, 0xCC, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0xA0, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200 })]
    public void Garbage_and_rtcp_are_not_rtp(byte[] packet) => Assert.False(RtpHeader.TryParse(packet, out _, out _));

    [Fact]
    public void Receive_counter_counts_gaps_losses_and_ssrcs()
    {
        var counter = new RtpReceiveCounter();
        foreach (ushort seq in new ushort[] { 65534, 65535, 0, 3, 2 })
        {
            counter.Count(new RtpHeader(false, 0, seq, 0, 1), 160);
        }

        counter.Count(new RtpHeader(false, 8, 10, 0, 2), 80);
        RtpReceiveStats stats = counter.Snapshot();
        Assert.Equal(6, stats.Packets);
        Assert.Equal(160 * 5 + 80, stats.Bytes);
        Assert.Equal(2, stats.SequenceGaps); // 0 -> 3 and 3 -> 2
        Assert.Equal(2, stats.LostPackets);  // 1 and 2 looked lost at the jump
        Assert.Equal(2, stats.SsrcCount);
        Assert.Equal(0, stats.FirstPayloadType);
        Assert.Equal(8, stats.LastPayloadType);
    }

    [Fact]
    public void Offer_carries_audio_and_mcptt_floor_channel()
    {
        string sdp = new McpttOffer(IPAddress.Loopback, 40000, 40002) { Priority = 5, Queueing = true, ImplicitRequest = true }.ToSdp(1, 1);
        Assert.Contains("m=audio 40000 RTP/AVP 0 8\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("m=application 40002 udp MCPTT\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:MCPTT mc_queueing;mc_priority=5;mc_implicit_request\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 127.0.0.1\r\n", sdp, StringComparison.Ordinal);

        McpttAnswer parsed = McpttAnswer.TryParse(sdp)!;
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40000), parsed.Audio);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40002), parsed.Floor);
        Assert.True(parsed.Queueing);
        Assert.True(parsed.ImplicitRequest);
        Assert.Equal(5, parsed.Priority);
    }

    [Fact]
    public void Answer_uses_media_level_connection_over_session_level()
    {
        const string sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
            + "m=audio 30000 RTP/AVP 0\r\nc=IN IP4 10.0.0.2\r\n"
            + "m=application 30002 udp MCPTT\r\na=fmtp:MCPTT mc_priority=3;mc_granted\r\n";
        McpttAnswer answer = McpttAnswer.TryParse(sdp)!;
        Assert.Equal(IPEndPoint.Parse("10.0.0.2:30000"), answer.Audio);
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:30002"), answer.Floor);
        Assert.Equal([0], answer.AudioPayloadTypes);
        Assert.True(answer.Granted);
        Assert.False(answer.Queueing);
        Assert.Equal(3, answer.Priority);
    }

    [Theory]
    [InlineData("mc_ssrc=0", 0u)]
    [InlineData("mc_ssrc=2147483647", 2147483647u)]
    [InlineData("mc_ssrc=2147483648", 2147483648u)]        // 2^31: too big for a signed 32-bit value
    [InlineData("mc_implicit_request;mc_ssrc=4294967295", 4294967295u)]
    [InlineData("mc_ssrc=4294967296", null)]              // 2^32 is not an SSRC
    [InlineData("mc_ssrc=-1", null)]
    [InlineData("mc_priority=3", null)]
    public void Mc_ssrc_is_read_as_an_unsigned_32_bit_value(string fmtp, uint? expected)
    {
        string sdp = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\nm=application 4002 udp MCPTT\r\na=fmtp:MCPTT " + fmtp + "\r\n";
        Assert.Equal(expected, McpttAnswer.TryParse(sdp)!.McSsrc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v=0\r\nm=audio x RTP/AVP 0\r\n")]
    [InlineData("v=0\r\nm=audio 4000 RTP/AVP 0\r\n")] // no c= anywhere
    public void Unusable_answers_are_null(string sdp) => Assert.Null(McpttAnswer.TryParse(sdp));

    [Fact]
    public void Rejected_floor_stream_is_written_with_port_zero_and_no_fmtp()
    {
        string sdp = new McpttOffer(IPAddress.Loopback, 4000, 0) { Priority = 5 }.ToSdp(1, 1);
        Assert.Contains("m=application 0 udp MCPTT\r\n", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("fmtp", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("m=application", new McpttOffer(IPAddress.Loopback, 4000, 4002) { FloorControl = false }.ToSdp(1, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_floor_stream_has_no_floor_target()
    {
        const string sdp = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\nm=application 0 udp MCPTT\r\n";
        McpttAnswer answer = McpttAnswer.TryParse(sdp)!;
        Assert.NotNull(answer.Audio);
        Assert.Null(answer.Floor);
        Assert.True(answer.FloorOffered);
    }
}
