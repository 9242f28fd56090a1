using System.Text.RegularExpressions;
using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Calls;

public sealed class ForkAndAuthTests
{
    [Fact]
    public void Invite_forks_to_every_contact_first_2xx_wins_and_the_rest_are_cancelled()
    {
        using var f = new CallFixture();
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Register("bob", "10.0.0.3:5064", FakeServerRequest.Udp("10.0.0.3", 5064), callId: "second-device");
        var invite = f.Invite();
        var branches = f.Sip.OfMethod("INVITE").ToList();
        Assert.Equal(2, branches.Count);
        Assert.Equal(branches[0].Request.CallId, branches[1].Request.CallId);
        Assert.Equal("sip:bob@10.0.0.3:5064", branches[0].Request.RequestUri.ToString()); // most recent first

        branches[1].Respond(180);
        branches[1].Respond(200, CallFixture.BobSdp);
        Assert.Equal(200, invite.Final!.StatusCode);
        Assert.True(branches[0].Cancelled);
        Assert.False(branches[1].Cancelled);

        // The loser answers anyway (CANCEL raced its 200): ACK it and hang it up; the call is untouched.
        branches[0].Respond(200, CallFixture.BobSdp);
        Assert.Equal(2, f.Sip.Acks.Count);
        var bye = Assert.Single(f.Sip.OfMethod("BYE"));
        Assert.Equal(branches[0].Target, bye.Target);
        Assert.Equal(1, f.Calls.ActiveCalls);
    }

    [Fact]
    public void Without_forking_only_the_most_recent_contact_is_called()
    {
        using var f = new CallFixture(o => o.ForkToAllContacts = false);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Register("bob", "10.0.0.3:5064", FakeServerRequest.Udp("10.0.0.3", 5064), callId: "second-device");
        f.Invite();
        var only = Assert.Single(f.Sip.OfMethod("INVITE"));
        Assert.Equal("sip:bob@10.0.0.3:5064", only.Request.RequestUri.ToString());
    }

    [Fact]
    public void All_forks_failing_passes_back_the_best_response()
    {
        using var f = new CallFixture();
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Register("bob", "10.0.0.3:5064", FakeServerRequest.Udp("10.0.0.3", 5064), callId: "second-device");
        var invite = f.Invite();
        var branches = f.Sip.OfMethod("INVITE").ToList();
        branches[0].Respond(408);
        Assert.Null(invite.Final);
        branches[1].Respond(486);
        Assert.Equal(486, invite.Final!.StatusCode);
        Assert.Empty(f.Relay.Legs);
    }

    [Fact]
    public void With_auth_invites_the_caller_is_challenged_with_407_then_accepted()
    {
        var options = new AuthOptions { Realm = "mcptt", AuthInvites = true, Users = { ["alice"] = "a", ["bob"] = "b" } };
        using var f = new CallFixture(authOptions: options);
        // The nonce is bound to the address it was issued to, so the answer comes from where the challenge went.
        var elsewhere = FakeServerRequest.Udp("10.77.0.1", 5060);
        var first = f.Invite(source: elsewhere);
        Assert.Equal(407, first.Final!.StatusCode);
        var challenge = first.Final.Headers.Get("Proxy-Authenticate")!;
        string P(string name) => Regex.Match(challenge, name + "=\"?([^\",]*)\"?").Groups[1].Value;
        var response = DigestMath.Response(DigestMath.Ha1("alice", "mcptt", "a"), P("nonce"), "00000001", "c0ffee", "auth",
            DigestMath.Ha2("INVITE", "sip:bob@127.0.0.1:5060"));
        var header = $"Proxy-Authorization: Digest username=\"alice\", realm=\"mcptt\", nonce=\"{P("nonce")}\", uri=\"sip:bob@127.0.0.1:5060\", response=\"{response}\", qop=auth, nc=00000001, cnonce=\"c0ffee\", opaque=\"{P("opaque")}\"";
        // Authenticated: the source address no longer has to match a registration.
        var second = f.Invite(extraHeaders: header, source: elsewhere);
        Assert.Null(second.Final);
        Assert.Single(f.Sip.OfMethod("INVITE"));
    }
}
