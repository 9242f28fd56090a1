using System.Text;
using Mcptt.Control.Ng.Protocol;

namespace Mcptt.Control.Ng.Tests;

public class NgFramingTests
{
    [Fact]
    public void Splits_at_the_first_space()
    {
        Assert.True(NgFraming.TrySplit("5323_1 d7:command4:pinge"u8, out var cookie, out var document));
        Assert.Equal("5323_1", Encoding.ASCII.GetString(cookie));
        Assert.Equal("d7:command4:pinge", Encoding.ASCII.GetString(document));
    }

    [Fact]
    public void Cookie_longer_than_the_limit_is_refused()
    {
        var longCookie = Encoding.ASCII.GetBytes(new string('c', NgFraming.MaxCookieBytes + 1) + " de");
        Assert.False(NgFraming.TrySplit(longCookie, out _, out _));
        var maxCookie = Encoding.ASCII.GetBytes(new string('c', NgFraming.MaxCookieBytes) + " de");
        Assert.True(NgFraming.TrySplit(maxCookie, out _, out _));
    }

    [Fact]
    public void Frame_is_the_inverse_of_split()
    {
        var datagram = NgFraming.Frame("abc"u8, "de"u8);
        Assert.Equal("abc de", Encoding.ASCII.GetString(datagram));
    }

    [Fact]
    public void Request_normalises_key_and_flag_spelling()
    {
        var doc = new Bencode.BDictionary()
            .Set("Call-ID", "x")
            .Set("transport protocol", "RTP/AVP")
            .Set("flags", new Bencode.BList().Add("trust address").Add("SIP_source_address"));
        var request = new NgRequest(doc);
        Assert.Equal("x", request.CallId);
        Assert.Equal("RTP/AVP", request.GetString("transport-protocol"));
        Assert.True(request.HasFlag("trust-address"));
        Assert.True(request.HasFlag("sip-source-address"));
        Assert.False(request.HasFlag("symmetric"));
    }
}
