using System.Net;
using Mcptt.Signaling.Registrar;

namespace Mcptt.Signaling.Tests.Calls;

public sealed class InDialogTests : IDisposable
{
    private readonly CallFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Update_with_sdp_is_forwarded_as_update_without_ack()
    {
        var (invite, _) = _f.EstablishedCall();
        var update = _f.FromAlice(invite, "UPDATE", 2, CallFixture.AliceSdp.Replace("6000", "6200"));
        var forwarded = _f.Sip.OfMethod("UPDATE").Single();
        Assert.Equal("2 UPDATE", forwarded.Request.Headers.Get("CSeq"));
        forwarded.Respond(200, CallFixture.BobSdp);
        Assert.Equal(200, update.Final!.StatusCode);
        Assert.Single(_f.Sip.Acks); // only the ACK of the initial INVITE
        Assert.Contains(_f.Relay.Remotes.Values, r => r.Rtp!.Port == 6200);
    }

    [Fact]
    public void Offer_while_another_is_pending_gets_491()
    {
        var (invite, toBob) = _f.EstablishedCall();
        _f.FromAlice(invite, "INVITE", 2, CallFixture.AliceSdp.Replace("6000", "6100"));
        var glare = _f.FromBob(toBob, "INVITE", 7, CallFixture.BobSdp.Replace("7000", "7300"));
        Assert.Equal(491, glare.Final!.StatusCode);
    }

    [Fact]
    public void Offerless_reinvite_is_answered_with_the_last_sdp_sent_to_that_side()
    {
        var (invite, _) = _f.EstablishedCall();
        var refresh = _f.FromAlice(invite, "INVITE", 2);
        Assert.Equal(200, refresh.Final!.StatusCode);
        Assert.Equal(invite.Final!.BodyText, refresh.Final.BodyText);
        Assert.DoesNotContain(_f.Sip.Sent, s => s.Request.Method == "INVITE" && s.Request.CSeq!.Value.Number == 2);
    }

    [Fact]
    public void Lower_cseq_in_dialog_gets_500()
    {
        var (invite, _) = _f.EstablishedCall();
        _f.FromAlice(invite, "UPDATE", 5);
        Assert.Equal(500, _f.FromAlice(invite, "BYE", 4).Final!.StatusCode);
        Assert.Equal(1, _f.Calls.ActiveCalls);
    }

    [Fact]
    public void Forwarded_request_answered_481_ends_the_call()
    {
        var (invite, _) = _f.EstablishedCall();
        var reinvite = _f.FromAlice(invite, "INVITE", 2, CallFixture.AliceSdp.Replace("6000", "6100"));
        _f.Sip.OfMethod("INVITE").Last().Respond(481);
        Assert.Equal(481, reinvite.Final!.StatusCode);
        Assert.Equal(0, _f.Calls.ActiveCalls);
        Assert.Empty(_f.Relay.Legs);
    }

    [Fact]
    public void Request_for_an_unknown_dialog_gets_481()
    {
        var (invite, _) = _f.EstablishedCall();
        var request = _f.FromAlice(invite, "BYE", 2);
        Assert.Equal(200, request.Final!.StatusCode);
        Assert.Equal(481, _f.FromAlice(invite, "INVITE", 3, CallFixture.AliceSdp).Final!.StatusCode);
    }

    [Theory]
    [InlineData("a=inactive\r\n")]
    [InlineData("a=sendonly\r\n")]
    public void Held_call_is_not_ended_by_the_media_timeout_until_resumed(string holdAttribute)
    {
        var (invite, _) = _f.EstablishedCall();
        _f.FromAlice(invite, "INVITE", 2, CallFixture.AliceSdp + holdAttribute);
        _f.Sip.OfMethod("INVITE").Last().Respond(200, CallFixture.BobSdp + "a=recvonly\r\n");
        _f.Clock.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(1, _f.Calls.ActiveCalls);

        _f.FromAlice(invite, "INVITE", 3, CallFixture.AliceSdp);
        _f.Sip.OfMethod("INVITE").Last().Respond(200, CallFixture.BobSdp);
        _f.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, _f.Calls.ActiveCalls);
        Assert.Contains("mcptt_calls_ended_total{reason=\"media_timeout\"} 1", _f.MetricsText);
    }

    [Fact]
    public void Refresh_from_a_new_nat_port_moves_the_flow()
    {
        var newFlow = new SipFlow("UDP", new IPEndPoint(IPAddress.Parse("198.51.100.2"), 41999));
        _f.Register("bob", "10.0.0.2:5062", newFlow);
        var binding = Assert.Single(_f.Registrar.Lookup("bob"));
        Assert.Equal(newFlow, binding.Flow);
        _f.Invite();
        Assert.Equal(newFlow, _f.Sip.OfMethod("INVITE").Single().Target);
    }
}
