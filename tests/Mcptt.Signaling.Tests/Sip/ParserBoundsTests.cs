using System.Text;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

public class ParserBoundsTests
{
    [Fact]
    public void FoldedHeadersAreUnfolded()
    {
        var r = SipParser.Parse(Messages.Request("OPTIONS").Replace("Max-Forwards: 70", "Subject: first\r\n  second\r\n\tthird\r\nMax-Forwards: 70")).Request!;
        Assert.Equal("first second third", r.Headers.Get("Subject"));
    }

    [Fact]
    public void StreamFramingNeedsContentLength()
    {
        var text = Messages.Request("OPTIONS").Replace("Content-Length: 0\r\n", "");
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Stream);
        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(0, result.BytesConsumed);
        Assert.True(SipParser.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Datagram).Success);
    }

    [Fact]
    public void StreamFramingReportsIncompleteAndConsumesExactlyOneMessage()
    {
        var one = Messages.Request("MESSAGE").Replace("Content-Length: 0", "Content-Type: text/plain\r\nContent-Length: 5") + "hello";
        var two = one + one;
        var bytes = Encoding.UTF8.GetBytes(two);
        var first = SipParser.Parse(bytes, SipFraming.Stream);
        Assert.True(first.Success);
        Assert.Equal(Encoding.UTF8.GetByteCount(one), first.BytesConsumed);
        Assert.Equal("hello", first.Message!.BodyText);
        Assert.Equal(SipParseStatus.Incomplete, SipParser.Parse(bytes.AsSpan(0, 40), SipFraming.Stream).Status);
        Assert.Equal(SipParseStatus.Incomplete, SipParser.Parse(bytes.AsSpan(0, Encoding.UTF8.GetByteCount(one) - 2), SipFraming.Stream).Status);
    }

    [Fact]
    public void CrlfKeepAlivesAreRecognisedOnStreams()
    {
        var ka = SipParser.Parse("\r\n\r\n"u8, SipFraming.Stream);
        Assert.Equal(SipParseStatus.KeepAlive, ka.Status);
        Assert.Equal(4, ka.BytesConsumed);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    public void CrlfOnlyDatagramIsAKeepAliveNotAnError(string text)
    {
        var ka = SipParser.Parse(Encoding.ASCII.GetBytes(text), SipFraming.Datagram);
        Assert.Equal(SipParseStatus.KeepAlive, ka.Status);
        Assert.Equal(text.Length, ka.BytesConsumed);
    }

    [Fact]
    public void TooManyHeadersIsAnError()
    {
        var sb = new StringBuilder(Messages.Request("OPTIONS").Replace("Content-Length: 0\r\n\r\n", ""));
        for (int i = 0; i < 300; i++) sb.Append("X-H").Append(i).Append(": v\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        var result = SipParser.Parse(sb.ToString());
        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.Contains("too many", result.Error);
        var relaxed = SipParser.Parse(Encoding.UTF8.GetBytes(sb.ToString()), SipFraming.Datagram, new SipParserOptions { MaxHeaders = 400 });
        Assert.True(relaxed.Success);
    }

    [Fact]
    public void OverlongLineIsAnError()
    {
        var text = Messages.Request("OPTIONS").Replace("Max-Forwards: 70", "Subject: " + new string('x', 9000) + "\r\nMax-Forwards: 70");
        var result = SipParser.Parse(text);
        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.Contains("too long", result.Error);
    }

    [Fact]
    public void OversizeMessagesAreRejected()
    {
        var options = new SipParserOptions { MaxMessageSize = 1000 };
        var big = Messages.Request("MESSAGE").Replace("Content-Length: 0", "Content-Length: 2000") + new string('a', 2000);
        var datagram = SipParser.Parse(Encoding.UTF8.GetBytes(big), SipFraming.Datagram, options);
        Assert.Equal(SipParseStatus.Error, datagram.Status);
        var stream = SipParser.Parse(Encoding.UTF8.GetBytes(big), SipFraming.Stream, options);
        Assert.Equal(SipParseStatus.Error, stream.Status);
        Assert.Equal(0, stream.BytesConsumed);
        var endless = SipParser.Parse(Encoding.UTF8.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('y', 1200)), SipFraming.Stream, options);
        Assert.Equal(SipParseStatus.Error, endless.Status);
    }

    [Fact]
    public void LfOnlyLineEndsAreAccepted()
    {
        var result = SipParser.Parse(Messages.Request("OPTIONS").Replace("\r\n", "\n"));
        Assert.True(result.Success, result.Error);
        Assert.Equal("req-1@test", result.Message!.CallId);
    }

    [Fact]
    public void ResponsesParse()
    {
        var r = SipParser.Parse("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\nCall-ID: x\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nContent-Length: 0\r\n\r\n").Response!;
        Assert.Equal(180, r.StatusCode);
        Assert.Equal("Ringing", r.ReasonPhrase);
        Assert.Equal("1xx", r.StatusClass);
        Assert.Equal(SipParseStatus.Error, SipParser.Parse("SIP/2.0 099 Low\r\nContent-Length: 0\r\n\r\n").Status);
        Assert.Equal(SipParseStatus.Error, SipParser.Parse("SIP/2.0 700 High\r\nContent-Length: 0\r\n\r\n").Status);
    }

    [Fact]
    public void ResponsesAreOnlyCheckedForTheHeadersMatchingNeeds()
    {
        const string head = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\nCall-ID: x\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n";
        Assert.True(SipParser.Parse(head + "Contact: <sip:odd@host>;;\r\nContent-Length: 0\r\n\r\n").Success);
        Assert.False(SipParser.Parse(head.Replace("CSeq: 1 INVITE", "CSeq: x INVITE") + "Content-Length: 0\r\n\r\n").Success);
        Assert.False(SipParser.Parse(head.Replace("branch=z9hG4bK1", "branch=z9hG4bK1;;") + "Content-Length: 0\r\n\r\n").Success);
    }
}
