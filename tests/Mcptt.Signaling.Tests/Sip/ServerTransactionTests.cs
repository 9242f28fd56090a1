using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

public class ServerTransactionTests
{
    private static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);

    /// <summary>Retransmission instants of RFC 3261 Timer G (T1 doubling, capped at T2) strictly before Timer H.</summary>
    private static int ExpectedRetransmissionsBeforeTimerH()
    {
        var sipTimers = new SipTimerOptions();
        int count = 0;
        var interval = sipTimers.T1;
        var at = interval;
        while (at < sipTimers.TransactionTimeout)
        {
            count++;
            interval = interval * 2 > sipTimers.T2 ? sipTimers.T2 : interval * 2;
            at += interval;
        }
        return count;
    }

    [Fact]
    public void InviteGetsImmediate100Trying()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Invite());
        var trying = Assert.Single(f.Udp.SentResponses);
        Assert.Equal(100, trying.StatusCode);
        Assert.Null(trying.To!.Tag);
    }

    [Fact]
    public void Non2xxFinalIsRetransmittedUntilAckAndTheAckIsAbsorbed()
    {
        var f = new StackFixture(answer: _ => 486);
        f.Udp.Receive(Messages.Invite());
        var final = f.Udp.SentResponses.Last();
        Assert.Equal(486, final.StatusCode);
        f.Udp.Clear();

        f.Clock.Advance(T1);
        Assert.Single(f.Udp.SentResponses, r => r.StatusCode == 486);
        f.Clock.Advance(T1 * 2);
        Assert.Equal(2, f.Udp.SentResponses.Count(r => r.StatusCode == 486));

        f.Udp.Receive(Messages.Ack("z9hG4bKinv1", final.To!.Tag!));
        Assert.Single(f.Handler.Requests); // the INVITE only: the ACK was absorbed
        f.Udp.Clear();
        f.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(f.Udp.Sent);
        Assert.Equal(0, f.Stack.ServerTransactionCount);
    }

    [Fact]
    public void TwoHundredIsRetransmittedUntilAckWhichReachesTheTu()
    {
        var f = new StackFixture(answer: _ => 200);
        f.Udp.Receive(Messages.Invite());
        var ok = f.Udp.SentResponses.Last();
        Assert.Equal(200, ok.StatusCode);
        f.Udp.Clear();
        f.Clock.Advance(T1 + T1 * 2);
        Assert.Equal(2, f.Udp.SentResponses.Count);

        // RFC 3261: the ACK for a 2xx is its own transaction (new branch).
        f.Udp.Receive(Messages.Ack("z9hG4bKack2", ok.To!.Tag!));
        Assert.Equal(2, f.Handler.Requests.Count);
        Assert.True(f.Handler.Requests[1].Request.IsAck);
        f.Udp.Clear();
        f.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(f.Udp.Sent);
        Assert.Empty(f.Handler.AckTimeouts);
    }

    [Fact]
    public void TwoHundredWithoutAckStopsAtTimerHAndTellsTheTu()
    {
        var f = new StackFixture(answer: _ => 200);
        f.Udp.Receive(Messages.Invite());
        f.Udp.Clear();
        f.Clock.Advance(T1 * 64 - TimeSpan.FromMilliseconds(1));
        Assert.Equal(ExpectedRetransmissionsBeforeTimerH(), f.Udp.SentResponses.Count(r => r.StatusCode == 200));
        Assert.Empty(f.Handler.AckTimeouts);
        f.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(f.Handler.AckTimeouts);
        f.Udp.Clear();
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(f.Udp.Sent);
        Assert.Equal(0, f.Stack.ServerTransactionCount);
    }

    [Fact]
    public void ResponsesOverTcpAreNotRetransmitted()
    {
        var f = new StackFixture(answer: _ => 486);
        f.Tcp.Receive(Messages.Request("INVITE", transport: "TCP").Replace("CSeq: 5 INVITE", "CSeq: 5 INVITE"), connectionId: 7);
        Assert.All(f.Tcp.Sent, s => Assert.Equal(7, s.ConnectionId));
        int sent = f.Tcp.Sent.Count;
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(sent, f.Tcp.Sent.Count);
        Assert.Empty(f.Udp.Sent);
    }

    [Fact]
    public void RetransmittedRequestIsAbsorbedAndAnsweredAgain()
    {
        var f = new StackFixture(answer: _ => 200);
        f.Udp.Receive(Messages.Request("REGISTER"));
        f.Udp.Receive(Messages.Request("REGISTER"));
        Assert.Single(f.Handler.Requests);
        var responses = f.Udp.SentResponses;
        Assert.Equal(2, responses.Count);
        Assert.Equal(responses[0].To!.Tag, responses[1].To!.Tag);
    }

    [Fact]
    public void RetransmissionBeforeTheTuAnswersIsSilentlyAbsorbed()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Request("REGISTER"));
        f.Udp.Receive(Messages.Request("REGISTER"));
        Assert.Single(f.Handler.Requests);
        Assert.Empty(f.Udp.Sent);
        Assert.True(f.Handler.Requests[0].Respond(200));
        Assert.False(f.Handler.Requests[0].Respond(500));
        Assert.Single(f.Udp.SentResponses);
    }

    [Fact]
    public void Rfc2543RequestsWithoutCookieMatchByDialogIdentifiers()
    {
        var f = new StackFixture(answer: _ => 486);
        var inv = TortureFiles.Read("inv2543");
        f.Udp.Receive(inv);
        f.Udp.Receive(inv);
        Assert.Single(f.Handler.Requests);
        var final = f.Udp.SentResponses.Last(r => r.StatusCode == 486);
        Assert.Equal(2, f.Udp.SentResponses.Count(r => r.StatusCode == 486));
        string ack =
            "ACK sip:UserB@example.com SIP/2.0\r\nVia: SIP/2.0/UDP iftgw.example.com\r\n" +
            "From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n" +
            $"To: {final.Headers.Get("To")}\r\nCall-ID: inv2543.1717@ift.client.example.com\r\nCSeq: 56 ACK\r\n\r\n";
        f.Udp.Receive(ack);
        Assert.Single(f.Handler.Requests);
        f.Udp.Clear();
        f.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(f.Udp.Sent);
    }

    [Fact]
    public void BadbranchIsMatchedByRfc2543Rules()
    {
        var f = new StackFixture();
        f.Udp.Receive(TortureFiles.Read("badbranch"));
        f.Udp.Receive(TortureFiles.Read("badbranch"));
        var responses = f.Udp.SentResponses;
        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(1, f.Stack.Metrics.DroppedCount(SipMetrics.DropReasons.Retransmission));
    }

    [Fact]
    public void CancelAnswers200And487AndSignalsTheTu()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Invite());
        var invite = Assert.Single(f.Handler.Requests);
        Assert.False(invite.CancellationToken.IsCancellationRequested);
        f.Udp.Receive(Messages.Cancel());
        var responses = f.Udp.SentResponses;
        Assert.Contains(responses, r => r.StatusCode == 200 && r.CSeq!.Value.Method == "CANCEL");
        var terminated = Assert.Single(responses, r => r.StatusCode == 487);
        Assert.Equal("INVITE", terminated.CSeq!.Value.Method);
        Assert.True(invite.CancellationToken.IsCancellationRequested);
        Assert.False(invite.Respond(200));
        Assert.Single(f.Handler.Requests);
    }

    [Fact]
    public void CancelWithoutInviteGets481()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Cancel(branch: "z9hG4bKnothing"));
        Assert.Equal(481, Assert.Single(f.Udp.SentResponses).StatusCode);
    }

    [Fact]
    public void ResponsesFollowRportAndReceived()
    {
        var f = new StackFixture(answer: _ => 200);
        var source = new IPEndPoint(IPAddress.Parse("198.51.100.9"), 40000);
        f.Udp.Receive(Messages.Request("REGISTER", via: "10.1.1.1:5060;rport"), source);
        var (message, remote, _) = Assert.Single(f.Udp.Sent);
        Assert.Equal(source, remote);
        var via = ((SipResponse)message).TopVia!;
        Assert.Equal("198.51.100.9", via.Received);
        Assert.Equal(40000, via.RPort);
        Assert.Equal("198.51.100.9", f.Handler.Requests[0].Request.TopVia!.Received);
    }

    [Fact]
    public void WithoutRportResponsesGoToTheSentByPortOfTheSourceAddress()
    {
        var f = new StackFixture(answer: _ => 200);
        var source = new IPEndPoint(IPAddress.Parse("198.51.100.9"), 40000);
        f.Udp.Receive(Messages.Request("REGISTER", via: "10.1.1.1:5080"), source);
        var (message, remote, _) = Assert.Single(f.Udp.Sent);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 5080), remote);
        Assert.False(((SipResponse)message).TopVia!.HasRPort);
    }

    [Fact]
    public void ForceRportAnswersTheSourcePortEvenWithoutRport()
    {
        var f = new StackFixture(new SipStackOptions { ForceRport = true }, answer: _ => 200);
        var source = new IPEndPoint(IPAddress.Parse("198.51.100.9"), 40000);
        f.Udp.Receive(Messages.Request("REGISTER", via: "10.1.1.1:5080"), source);
        var (message, remote, _) = Assert.Single(f.Udp.Sent);
        Assert.Equal(source, remote);
        Assert.Equal(40000, ((SipResponse)message).TopVia!.RPort);
    }

    [Fact]
    public void TuExceptionBecomes500AndDoesNotEscape()
    {
        var f = new StackFixture(answer: _ => throw new InvalidOperationException("boom"));
        f.Udp.Receive(Messages.Request("REGISTER"));
        Assert.Equal(500, Assert.Single(f.Udp.SentResponses).StatusCode);
    }

    [Fact]
    public void MetricsCountRequestsAndSentResponses()
    {
        var f = new StackFixture(answer: _ => 200);
        f.Udp.Receive(Messages.Request("REGISTER"));
        f.Udp.Receive(Messages.Request("OPTIONS", branch: "z9hG4bKopt"));
        Assert.Equal(1, f.Stack.Metrics.RequestCount("REGISTER"));
        Assert.Equal(1, f.Stack.Metrics.RequestCount("OPTIONS"));
        Assert.Equal(2, f.Stack.Metrics.SentCount(2));
        var text = f.Registry.Render();
        Assert.Contains("mcptt_sip_requests_total{method=\"REGISTER\"} 1", text);
        Assert.Contains("mcptt_sip_responses_total{class=\"2xx\",direction=\"sent\"} 2", text);
    }

    [Fact]
    public void BeyondTheTransactionCapNewRequestsGetStateless503()
    {
        var f = new StackFixture(new SipStackOptions { MaxServerTransactions = 2 });
        f.Udp.Receive(Messages.Request("REGISTER", branch: "z9hG4bKa").Replace("req-1@test", "req-a@test"));
        f.Udp.Receive(Messages.Request("REGISTER", branch: "z9hG4bKb").Replace("req-1@test", "req-b@test"));
        f.Udp.Receive(Messages.Request("REGISTER", branch: "z9hG4bKc").Replace("req-1@test", "req-c@test"));
        Assert.Equal(2, f.Handler.Requests.Count);
        var busy = Assert.Single(f.Udp.SentResponses);
        Assert.Equal(503, busy.StatusCode);
        Assert.Equal("5", busy.Headers.Get("Retry-After"));
        Assert.Equal(1, f.Stack.Metrics.DroppedCount(SipMetrics.DropReasons.Overload));
        f.Handler.Requests[0].Respond(200);
        f.Clock.Advance(TimeSpan.FromSeconds(33));
        f.Udp.Receive(Messages.Request("REGISTER", branch: "z9hG4bKd").Replace("req-1@test", "req-d@test"));
        Assert.Equal(3, f.Handler.Requests.Count);
    }

    [Fact]
    public void TheSameRequestArrivingOverAnotherPathGets482()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Invite(branch: "z9hG4bKpathA"));
        f.Udp.Receive(Messages.Invite(branch: "z9hG4bKpathB", via: "192.0.2.78:5070"));
        Assert.Single(f.Handler.Requests);
        var loop = Assert.Single(f.Udp.SentResponses, r => r.StatusCode == 482);
        Assert.Equal("z9hG4bKpathB", loop.TopVia!.Branch);
        // A new CSeq in the same call is a new request, not a merge.
        f.Udp.Receive(Messages.Invite(branch: "z9hG4bKpathC", cseq: 2));
        Assert.Equal(2, f.Handler.Requests.Count);
    }

    [Fact]
    public void AnInviteTheTuNeverAnswersGets408AfterThePendingTimeout()
    {
        var f = new StackFixture(new SipStackOptions { Timers = new SipTimerOptions { InvitePendingTimeout = TimeSpan.FromSeconds(90) } });
        f.Udp.Receive(Messages.Invite());
        f.Clock.Advance(TimeSpan.FromSeconds(89));
        Assert.DoesNotContain(f.Udp.SentResponses, r => r.IsFinal);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(408, Assert.Single(f.Udp.SentResponses, r => r.IsFinal).StatusCode);
        Assert.False(f.Handler.Requests[0].Respond(200));
    }

    [Fact]
    public void ANonInviteTheTuNeverAnswersIsForgottenAfterTimerF()
    {
        var f = new StackFixture();
        f.Udp.Receive(Messages.Request("REGISTER"));
        Assert.Equal(1, f.Stack.ServerTransactionCount);
        f.Clock.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal(0, f.Stack.ServerTransactionCount);
        Assert.Empty(f.Udp.Sent);
    }
}
