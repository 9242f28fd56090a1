using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Tests.Auth;
using Mcptt.Signaling.Tests.Groups;

namespace Mcptt.Signaling.Tests.Calls;

/// <summary>
/// Issue 10, finding 1: private and group calls go through the one <see cref="Mcptt.Signaling.Calls.InviteAuthorizer"/>.
/// Without credentials an INVITE gets 407 and allocates nothing; answered, it proceeds.
/// </summary>
public sealed class InviteAuthorizationTests
{
    private static AuthOptions Digest() => new() { Realm = "mcptt", Users = { ["alice"] = "a", ["bob"] = "b", ["carol"] = "c", ["dave"] = "d" } };

    [Fact]
    public void A_private_call_without_credentials_is_challenged_even_from_the_callers_registered_address()
    {
        using var f = new CallFixture(authOptions: Digest());
        var first = f.Invite();
        Assert.Equal(407, first.Final!.StatusCode);
        Assert.StartsWith("Digest realm=\"mcptt\"", first.Final.Headers.Get("Proxy-Authenticate"));
        Assert.Empty(f.Sip.OfMethod("INVITE"));
        Assert.Empty(f.Relay.Legs);
        Assert.DoesNotContain("result=\"forbidden\"} 1", f.MetricsText);

        var answer = DigestAnswers.Answer(first.Final.Headers.Get("Proxy-Authenticate")!, "alice", "a", "INVITE", "sip:bob@127.0.0.1:5060");
        var second = f.Invite(extraHeaders: "Proxy-Authorization: " + answer, callId: "call-2@10.0.0.1");
        Assert.Null(second.Final);
        Assert.Single(f.Sip.OfMethod("INVITE"));
    }

    [Fact]
    public void A_group_call_without_credentials_is_challenged_and_joins_once_answered()
    {
        using var f = new GroupFixture(authOptions: Digest());
        var sdp = GroupFixture.ClientSdp("10.0.0.1", null);
        var first = f.InviteGroup("alice", sdp);
        Assert.Equal(407, first.Final!.StatusCode);
        Assert.Empty(f.Relay.Legs);
        Assert.Empty(f.Sip.OfMethod("INVITE"));
        Assert.False(f.Groups.IsActive("group1"));

        var answer = DigestAnswers.Answer(first.Final.Headers.Get("Proxy-Authenticate")!, "alice", "a", "INVITE", "sip:group1@127.0.0.1");
        var second = f.InviteGroup("alice", sdp, extraHeaders: "Proxy-Authorization: " + answer);
        Assert.Equal(200, second.Final!.StatusCode);
        Assert.True(f.Groups.IsActive("group1"));
    }

    [Fact]
    public void A_group_call_with_another_members_credentials_is_forbidden()
    {
        using var f = new GroupFixture(authOptions: Digest());
        var sdp = GroupFixture.ClientSdp("10.0.0.2", null);
        var challenge = f.InviteGroup("bob", sdp).Final!.Headers.Get("Proxy-Authenticate")!;
        // carol's password on an INVITE claiming to be bob.
        var answer = DigestAnswers.Answer(challenge, "carol", "c", "INVITE", "sip:group1@127.0.0.1");
        var forged = f.InviteGroup("bob", sdp, extraHeaders: "Proxy-Authorization: " + answer);
        Assert.Equal(403, forged.Final!.StatusCode);
        Assert.False(f.Groups.IsActive("group1"));
    }

    [Fact]
    public void Without_invite_digest_the_caller_must_be_registered_from_the_invites_address()
    {
        var options = Digest();
        options.AuthInvites = false;
        using var f = new CallFixture(authOptions: options);
        var elsewhere = f.Invite(source: FakeServerRequest.Udp("10.0.0.66", 5060));
        Assert.Equal(403, elsewhere.Final!.StatusCode);
        Assert.Equal("Caller not registered", elsewhere.Final.ReasonPhrase);
        Assert.Null(f.Invite(callId: "call-2@10.0.0.1").Final);
    }
}
