using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Every RFC 4475 message driven through SipStack over a fake UDP transport: the outcome the README table gives.</summary>
public class SipCoreTortureTests
{
    /// <summary>"tu:METHOD" = handed to the TU; "drop:reason" = nothing sent, counted; a number = the status answered.</summary>
    public static TheoryData<string, string> Expectations => new()
    {
        { "wsinv", "tu:INVITE" }, { "intmeth", "501" }, { "esc01", "tu:INVITE" }, { "escnull", "tu:REGISTER" },
        { "esc02", "501" }, { "lwsdisp", "200" }, { "longreq", "tu:INVITE" }, { "dblreq", "tu:REGISTER" },
        { "semiuri", "200" }, { "transports", "200" }, { "mpart01", "405" }, { "unreason", "drop:no_transaction" },
        { "noreason", "drop:no_transaction" }, { "badinv01", "400" }, { "clerr", "400" }, { "ncl", "400" },
        { "scalar02", "400" }, { "scalarlg", "drop:invalid_response" }, { "quotbal", "400" }, { "ltgtruri", "400" },
        { "lwsruri", "400" }, { "lwsstart", "400" }, { "trws", "400" }, { "escruri", "400" },
        { "baddate", "tu:INVITE" }, { "regbadct", "400" }, { "badaspec", "400" }, { "baddn", "400" },
        { "badvers", "505" }, { "mismatch01", "400" }, { "mismatch02", "400" }, { "bigcode", "drop:invalid_response" },
        { "badbranch", "200" }, { "insuf", "400" }, { "unkscm", "416" }, { "novelsc", "416" },
        { "unksm2", "tu:REGISTER" }, { "bext01", "420" }, { "invut", "415" }, { "regaut01", "tu:REGISTER" },
        { "multi01", "400" }, { "mcl01", "400" }, { "bcast", "drop:no_transaction" }, { "zeromf", "200" },
        { "cparam01", "tu:REGISTER" }, { "cparam02", "tu:REGISTER" }, { "regescrt", "tu:REGISTER" }, { "sdp01", "406" },
        { "inv2543", "tu:INVITE" },
    };

    [Fact]
    public void TheTableCoversEveryFile() =>
        Assert.Equal(TortureFiles.AllNames().OrderBy(n => n), Expectations.Select(row => (string)row[0]).OrderBy(n => n));

    [Theory]
    [MemberData(nameof(Expectations))]
    public void OutcomeMatchesTheTable(string file, string expected)
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read(file));
        var responses = f.Udp.SentResponses;

        if (expected.StartsWith("tu:", StringComparison.Ordinal))
        {
            var request = Assert.Single(f.Handler.Requests);
            Assert.Equal(expected[3..], request.Request.Method);
            // Only the automatic 100 Trying (INVITE) may have left before the TU answers.
            Assert.All(responses, r => Assert.Equal(100, r.StatusCode));
            Assert.Equal(request.Request.IsInvite ? 1 : 0, responses.Count);
        }
        else if (expected.StartsWith("drop:", StringComparison.Ordinal))
        {
            Assert.Empty(f.Udp.Sent);
            Assert.Empty(f.Handler.Requests);
            Assert.Equal(1, f.Stack.Metrics.DroppedCount(expected[5..]));
        }
        else
        {
            Assert.Empty(f.Handler.Requests);
            var response = Assert.Single(responses);
            Assert.Equal(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), response.StatusCode);
        }
    }

    [Fact]
    public void UnknownMethodGets501WithAllow()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("intmeth"));
        var response = Assert.Single(f.Udp.SentResponses);
        Assert.Contains("INVITE", response.Headers.Get("Allow"));
        Assert.Equal(1, f.Stack.Metrics.RequestCount("other"));
    }

    [Fact]
    public void KnownButUnservedMethodGets405WithAllow()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("mpart01"));
        var response = Assert.Single(f.Udp.SentResponses);
        Assert.Equal(405, response.StatusCode);
        Assert.Contains("REGISTER", response.Headers.Get("Allow"));
    }

    [Fact]
    public void Bext01AsUasListsTheRequireExtensions()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("bext01"));
        var unsupported = Assert.Single(f.Udp.SentResponses).Headers.GetValues("Unsupported");
        Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither"], unsupported);
    }

    [Fact]
    public void Bext01WhenForwardingAlsoListsTheProxyRequireExtensions()
    {
        var f = new StackFixture(new SipStackOptions { WouldForward = _ => true });
        f.Udp.Receive(TortureFiles.Read("bext01"));
        var unsupported = Assert.Single(f.Udp.SentResponses).Headers.GetValues("Unsupported");
        Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither", "noProxiesSupportThis", "norDoAnyProxiesSupportThis"], unsupported);
    }

    [Fact]
    public void MethodIsInspectedBeforeTheRequestUriScheme()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Request("PUBLISH").Replace("PUBLISH sip:alice@127.0.0.1", "PUBLISH tel:+15551234"));
        Assert.Equal(405, Assert.Single(f.Udp.SentResponses).StatusCode);
    }

    [Fact]
    public void InvutAnswers415WithAccept()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("invut"));
        Assert.Equal("application/sdp", Assert.Single(f.Udp.SentResponses).Headers.Get("Accept"));
    }

    [Fact]
    public void ZeromfGets483WhenTheTuWouldForwardIt()
    {
        var f = new StackFixture(new SipStackOptions { WouldForward = r => r.RequestUri is SipUri u && u.Host == "example.com" });
        f.Udp.Receive(TortureFiles.Read("zeromf"));
        Assert.Equal(483, Assert.Single(f.Udp.SentResponses).StatusCode);
    }

    [Fact]
    public void OptionsAnswerAdvertisesCapabilities()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("zeromf"));
        var response = Assert.Single(f.Udp.SentResponses);
        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(response.Headers.Get("Allow"));
        Assert.Equal("application/sdp", response.Headers.Get("Accept"));
        Assert.True(response.Headers.Contains("Supported"));
        Assert.NotNull(response.To!.Tag);
    }

    [Fact]
    public void ErrorResponsesCarryTheRequestIdentifiers()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("mismatch01"));
        var response = Assert.Single(f.Udp.SentResponses);
        Assert.Equal("mismatch01.dj0234sxdfl3", response.CallId);
        Assert.Equal("z9hG4bKkdjuw", response.TopVia!.Branch);
        Assert.Equal("34525", response.From!.Tag);
        Assert.NotNull(response.To!.Tag);
    }

    [Fact]
    public void BroadcastViaResponseIsNeverSentAnywhere()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("bcast"));
        Assert.Empty(f.Udp.Sent);
        Assert.Empty(f.Tcp.Sent);
    }

    [Fact]
    public void Regaut01ReachesTheRegistrarWithItsUnknownScheme()
    {
        var f = new StackFixture(answer: r => 401);
        f.Udp.Receive(TortureFiles.Read("regaut01"));
        var request = Assert.Single(f.Handler.Requests);
        Assert.Equal("NoOneKnowsThisScheme", request.Request.GetAuth("Authorization")!.Scheme);
        Assert.Equal(401, Assert.Single(f.Udp.SentResponses).StatusCode);
    }
}
