using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Infrastructure;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>
/// Issue 10, finding 1: an INVITE was never digest-challenged; the only check was that the From user had registered
/// from the INVITE's IP address. From that address (a shared host, the same NAT), another port claiming to be alice
/// called bob: his phone rang and relay ports were allocated.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class InviteWithoutCredentialsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Invite_as_a_registered_user_from_another_port_of_her_host_is_challenged_and_never_rings_the_callee()
    {
        await using var app = await AppProcess.StartAsync();
        using var alice = new RawSipUser(app, "alice");
        using var bob = new RawSipUser(app, "bob");
        await alice.RegisterAsync();
        await bob.RegisterAsync();

        // Mallory shares alice's host: same address, another port, and she does not know the password.
        using var mallory = new RawSipUser(app, "alice", password: "guess");
        var invite = SipPhone.Invite(mallory, "bob");
        var ringing = SipPhone.WaitForInviteAsync(bob, Wait);
        var final = await mallory.TrySendAsync(invite, mallory.NewCallId(), "mallory1", authorization: null, Wait);
        var rang = await ringing;
        Assert.True(rang is null, $"bob's phone rang for an INVITE without credentials: INVITE {rang?.RequestUri} from {rang?.From}");
        Assert.True(final is { StatusCode: 407 }, $"expected 407 Proxy Authentication Required, got {Describe(final)}");
        Assert.StartsWith("Digest ", final!.Headers.Get(SipHeaderNames.ProxyAuthenticate) ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await app.GetMetricValueAsync("mcptt_relay_legs"));

        // Answering the challenge with a guessed password gets her nowhere either.
        ringing = SipPhone.WaitForInviteAsync(bob, Wait);
        var guessed = await mallory.TryRequestAsync(invite, Wait);
        rang = await ringing;
        Assert.True(rang is null, "bob's phone rang for an INVITE with a wrong password");
        Assert.True(guessed is { StatusCode: 407 or 403 }, $"wrong password: expected 407 or 403, got {Describe(guessed)}");
        Assert.Equal(0, await app.GetMetricValueAsync("mcptt_relay_legs"));

        // alice answers the same challenge with her password: bob's phone rings (he declines).
        var declined = SipPhone.DeclineNextInviteAsync(bob, app.Ports.Sip, 486, Wait);
        var answered = await alice.RequestAsync(SipPhone.Invite(alice, "bob"));
        Assert.True(await declined, "bob never received alice's authenticated INVITE");
        Assert.Equal(486, answered.StatusCode);
    }

    private static string Describe(SipResponse? response) => response is null ? "no final response" : $"{response.StatusCode} {response.ReasonPhrase}";
}
