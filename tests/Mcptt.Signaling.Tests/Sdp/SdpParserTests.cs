using System.Text;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Tests.Sdp;

public class SdpParserTests
{
    [Theory]
    [InlineData(nameof(SdpSamples.Sipp))]
    [InlineData(nameof(SdpSamples.Mcptt))]
    public void Valid_descriptions_round_trip_byte_for_byte(string name)
    {
        string text = name == nameof(SdpSamples.Sipp) ? SdpSamples.Sipp : SdpSamples.Mcptt;
        var result = SdpParser.Parse(text);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(text, result.Sdp.ToString());
    }

    [Fact]
    public void Mcptt_application_line_is_parsed_and_fmtp_kept_raw()
    {
        var sdp = SdpParser.Parse(SdpSamples.Mcptt).Sdp!;
        Assert.Equal(2, sdp.Media.Count);
        var floor = sdp.Media[1];
        Assert.Equal("application", floor.Media);
        Assert.Equal(49172, floor.Port);
        Assert.Equal("udp", floor.Proto);
        Assert.Equal(new[] { "MCPTT" }, floor.Formats);
        Assert.True(floor.IsMcpttFloorChannel);
        Assert.Equal("mc_priority=7;mc_granted;mc_implicit_request", floor.GetFmtp("MCPTT"));
        Assert.Equal("speech", sdp.Information);
        Assert.Equal(new[] { "AS:64" }, sdp.Bandwidths);
    }

    [Fact]
    public void Audio_section_fields_are_exposed()
    {
        var sdp = SdpParser.Parse(SdpSamples.Mcptt).Sdp!;
        var audio = sdp.Media[0];
        Assert.Equal(new[] { "96", "0" }, audio.Formats);
        Assert.Equal(49171, audio.Rtcp!.Port);
        Assert.Null(audio.Rtcp.Connection);
        Assert.False(audio.RtcpMux);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal("mode-change-capability=2; max-red=0", audio.GetFmtp("96"));
        Assert.Equal("192.0.2.10", audio.EffectiveConnection(sdp)!.Address);
        Assert.Equal("2890844526", sdp.Origin.SessionVersion);
    }

    [Fact]
    public void Direction_rtcp_mux_and_rtcp_with_address_are_understood()
    {
        var text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 10.0.0.1
            s=-
            t=0 0
            m=audio 5000 RTP/AVPF 8
            c=IN IP4 10.0.0.1
            a=rtcp:5009 IN IP4 10.0.0.9
            a=rtcp-mux
            a=recvonly

            """);
        var result = SdpParser.Parse(text);
        Assert.True(result.Ok, result.Error);
        var media = result.Sdp.Media[0];
        Assert.Equal(MediaDirection.RecvOnly, media.Direction);
        Assert.True(media.RtcpMux);
        Assert.Equal(5009, media.Rtcp!.Port);
        Assert.Equal("10.0.0.9", media.Rtcp.Connection!.Address);
        media.Direction = MediaDirection.Inactive;
        Assert.Contains("a=inactive\r\n", result.Sdp.ToString());
        Assert.DoesNotContain("recvonly", result.Sdp.ToString());
    }

    [Fact]
    public void Lf_only_line_ends_are_accepted_and_written_as_crlf()
    {
        var result = SdpParser.Parse(SdpSamples.Sipp.Replace("\r\n", "\n"));
        Assert.True(result.Ok, result.Error);
        Assert.Equal(SdpSamples.Sipp, result.Sdp.ToString());
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", "version")]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\n", "expected v=")]
    [InlineData("v=0\r\no=- 1 IN IP4 1.2.3.4\r\ns=-\r\n", "6 space-separated")]
    [InlineData("v=0\r\no=- x 1 IN IP4 1.2.3.4\r\ns=-\r\n", "numeric")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4\r\n", "c= must be")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n", "port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP\r\n", "m= must be")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 7000 RTP/AVP 0\r\n", "no c= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nx=what\r\n", "unexpected x=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nhello\r\n", "<type>=<value>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 7000 RTP/AVP 0\r\nt=0 0\r\n", "inside a media section")]
    public void Malformed_input_is_an_error_value_with_a_reason(string text, string expectedReason)
    {
        var result = SdpParser.Parse(text);
        Assert.False(result.Ok);
        Assert.Contains(expectedReason, result.Error);
    }

    [Fact]
    public void Size_and_line_count_are_bounded()
    {
        var huge = new string('a', SdpLimits.MaxBytes + 1);
        Assert.Contains("larger", SdpParser.Parse(huge).Error);

        var sb = new StringBuilder("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\n");
        for (int i = 0; i < SdpLimits.MaxLines; i++) sb.Append("a=x\r\n");
        Assert.Contains("lines", SdpParser.Parse(sb.ToString()).Error);

        var media = new StringBuilder("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\n");
        for (int i = 0; i <= SdpLimits.MaxMediaSections; i++) media.Append("m=audio 0 RTP/AVP 0\r\n");
        Assert.Contains("m= lines", SdpParser.Parse(media.ToString()).Error);

        var longLine = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=" + new string('s', SdpLimits.MaxLineLength) + "\r\n";
        Assert.Contains("longer", SdpParser.Parse(longLine).Error);
    }

    [Fact]
    public void Invalid_utf8_bytes_are_rejected()
    {
        var bytes = new byte[] { (byte)'v', (byte)'=', 0xC3, 0x28 };
        var result = SdpParser.Parse(bytes);
        Assert.False(result.Ok);
        Assert.Contains("UTF-8", result.Error);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(4566);
        var alphabet = "v=o s c t m a 0123456789 IN IP4 RTP/AVP\r\n.:/-".ToCharArray();
        for (int round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 200)];
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            var prefix = round % 2 == 0 ? "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n" : "";
            var result = SdpParser.Parse(prefix + new string(chars));
            Assert.True(result.Ok || result.Error!.Length > 0);
            if (result.Ok) Assert.True(SdpParser.Parse(result.Sdp.ToString()).Ok);
        }
    }

    [Fact]
    public void Origin_version_increments_as_a_decimal_string()
    {
        Assert.Equal("2353687638", new SdpOrigin("u", "1", "2353687637", "IN", "IP4", "h").WithNextVersion().SessionVersion);
        Assert.Equal("100000000000000000000", new SdpOrigin("u", "1", "99999999999999999999", "IN", "IP4", "h").WithNextVersion().SessionVersion);
    }
}
