using System.Net;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Sip;

public class ClientTransactionTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.50"), 5062);

    private static SipRequest NewRequest(string method, uint cseq = 1) =>
        SipRequest.Create(method, SipUri.Parse("sip:carol@192.0.2.50:5062"),
            new NameAddr(SipUri.Parse("sip:relay@127.0.0.1")) { Tag = "ours1" },
            new NameAddr(SipUri.Parse("sip:carol@example.com")),
            "client-call@test", cseq, new Via("UDP", "127.0.0.1", 5060));

    [Fact]
    public void NonInviteRetransmitsWithTimerEAndTimesOutWith408()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        var tx = f.Stack.SendRequest(NewRequest("OPTIONS"), SipTarget.Udp(Peer), responses.Add);
        Assert.Single(f.Udp.SentRequests);
        Assert.Equal(Peer, f.Udp.Sent[0].Remote);

        // Timer E: T1, 2T1, 4T1, then capped at T2 = 4 s.
        f.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, f.Udp.SentRequests.Count);
        f.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, f.Udp.SentRequests.Count);
        f.Clock.Advance(TimeSpan.FromMilliseconds(2000));
        Assert.Equal(4, f.Udp.SentRequests.Count);
        f.Clock.Advance(TimeSpan.FromMilliseconds(4000));
        Assert.Equal(5, f.Udp.SentRequests.Count);
        Assert.Empty(responses);

        f.Clock.Advance(TimeSpan.FromSeconds(32));
        var timeout = Assert.Single(responses);
        Assert.Equal(408, timeout.StatusCode);
        Assert.True(tx.TimedOut);
        Assert.Equal(ClientTransactionState.Terminated, tx.State);
        Assert.Equal(0, f.Stack.ClientTransactionCount);
    }

    [Fact]
    public void FinalResponseStopsRetransmissionAndIsDeliveredOnce()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        var request = NewRequest("BYE");
        var tx = f.Stack.SendRequest(request, SipTarget.Udp(Peer), responses.Add);
        Assert.True(request.TopVia!.HasRfc3261Branch);
        f.Udp.Receive(Messages.ResponseTo(request, 200), Peer);
        f.Udp.Receive(Messages.ResponseTo(request, 200), Peer);
        Assert.Single(responses);
        Assert.Equal(tx.FinalResponse, responses[0]);
        int sent = f.Udp.SentRequests.Count;
        f.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(sent, f.Udp.SentRequests.Count);
        Assert.Equal(0, f.Stack.ClientTransactionCount);
    }

    [Fact]
    public void ResponseWithOtherMethodDoesNotMatch()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        var request = NewRequest("BYE");
        f.Stack.SendRequest(request, SipTarget.Udp(Peer), responses.Add);
        var other = Messages.ResponseTo(request, 200).Replace("CSeq: 1 BYE", "CSeq: 1 INFO");
        f.Udp.Receive(other, Peer);
        Assert.Empty(responses);
        Assert.Equal(1, f.Stack.Metrics.DroppedCount(SipMetrics.DropReasons.NoTransaction));
    }

    [Fact]
    public void InviteNon2xxIsAckedByTheTransactionAndRetransmissionsReAck()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        var invite = NewRequest("INVITE");
        f.Stack.SendRequest(invite, SipTarget.Udp(Peer), responses.Add);
        f.Udp.Receive(Messages.ResponseTo(invite, 180), Peer);
        f.Udp.Receive(Messages.ResponseTo(invite, 486), Peer);
        Assert.Equal([180, 486], responses.Select(r => r.StatusCode));
        var ack = Assert.Single(f.Udp.SentRequests, r => r.Method == "ACK");
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Equal("totag1", ack.To!.Tag);
        Assert.Equal(new CSeq(1, "ACK"), ack.CSeq);

        f.Udp.Receive(Messages.ResponseTo(invite, 486), Peer);
        Assert.Equal(2, f.Udp.SentRequests.Count(r => r.Method == "ACK"));
        Assert.Equal(2, responses.Count);
    }

    [Fact]
    public void InviteRetransmitsWithTimerAUntilProvisionalAndTimesOutWithTimerB()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        f.Stack.SendRequest(NewRequest("INVITE"), SipTarget.Udp(Peer), responses.Add);
        f.Clock.Advance(TimeSpan.FromMilliseconds(500));
        f.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        f.Clock.Advance(TimeSpan.FromMilliseconds(2000));
        Assert.Equal(4, f.Udp.SentRequests.Count);
        f.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(408, Assert.Single(responses).StatusCode);
    }

    [Fact]
    public void Invite2xxAndItsRetransmissionsGoToTheTuWhichAcks()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        var invite = NewRequest("INVITE");
        f.Stack.SendRequest(invite, SipTarget.Udp(Peer), responses.Add);
        var ok = Messages.ResponseTo(invite, 200).Replace("Content-Length: 0", "Contact: <sip:carol@192.0.2.50:5062>\r\nContent-Length: 0");
        f.Udp.Receive(ok, Peer);
        f.Udp.Receive(ok, Peer);
        Assert.Equal(2, responses.Count);
        Assert.DoesNotContain(f.Udp.SentRequests, r => r.Method == "ACK");

        var ack = invite.CreateAckFor2xx(responses[0]);
        Assert.True(f.Stack.SendAck(ack, SipTarget.Udp(Peer)));
        var sentAck = Assert.Single(f.Udp.SentRequests, r => r.Method == "ACK");
        Assert.NotEqual(invite.TopVia!.Branch, sentAck.TopVia!.Branch);
        Assert.Equal("sip:carol@192.0.2.50:5062", sentAck.RequestUri.ToString());
        Assert.Equal("totag1", sentAck.To!.Tag);
    }

    [Fact]
    public void CancelIsHeldUntilAProvisionalThenSentWithTheInviteBranch()
    {
        var f = new StackFixture();
        var responses = new List<SipResponse>();
        var invite = NewRequest("INVITE");
        var tx = f.Stack.SendRequest(invite, SipTarget.Udp(Peer), responses.Add);
        Assert.True(tx.Cancel());
        Assert.DoesNotContain(f.Udp.SentRequests, r => r.Method == "CANCEL");

        f.Udp.Receive(Messages.ResponseTo(invite, 180), Peer);
        var cancel = Assert.Single(f.Udp.SentRequests, r => r.Method == "CANCEL");
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal(new CSeq(1, "CANCEL"), cancel.CSeq);
        Assert.NotNull(tx.CancelTransaction);
        Assert.False(tx.Cancel());

        f.Udp.Receive(Messages.ResponseTo(cancel, 200), Peer);
        f.Udp.Receive(Messages.ResponseTo(invite, 487), Peer);
        Assert.Equal(487, tx.FinalResponse!.StatusCode);
        Assert.Single(f.Udp.SentRequests, r => r.Method == "ACK");
    }

    [Fact]
    public void TransportRefusalIsReportedAs503()
    {
        var f = new StackFixture();
        f.Udp.RefuseSends = true;
        using var done = new ManualResetEventSlim();
        SipResponse? got = null;
        f.Stack.SendRequest(NewRequest("OPTIONS"), SipTarget.Udp(Peer), r => { got = r; done.Set(); });
        Assert.True(done.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal(503, got!.StatusCode);
    }

    [Fact]
    public void TcpTargetsUseTheTcpTransportWithoutRetransmission()
    {
        var f = new StackFixture();
        var request = NewRequest("OPTIONS");
        request.Headers.Remove("Via");
        f.Stack.SendRequest(request, SipTarget.Tcp(Peer, connectionId: 3), _ => { });
        var sent = Assert.Single(f.Tcp.Sent);
        Assert.Equal(3, sent.ConnectionId);
        var via = ((SipRequest)sent.Message).TopVia!;
        Assert.Equal("TCP", via.Transport);
        Assert.True(via.HasRfc3261Branch);
        Assert.True(via.HasRPort);
        Assert.Equal(5060, via.Port);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(f.Tcp.Sent);
        Assert.Empty(f.Udp.Sent);
    }
}
