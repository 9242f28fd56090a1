using System.Text;
using Mcptt.Client.Sip;
using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Infrastructure;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>
/// Issue 10, finding 2: the challenge offered qop=auth, but an answer without qop was accepted and its reuse never
/// tracked. One captured REGISTER Authorization header was accepted three times with new Call-IDs and CSeqs, and from
/// another socket with "Contact: sip:evil@…", adding a binding to alice's address of record so her calls forked to
/// the attacker.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class DigestReplayTests
{
    private const string EvilContact = "<sip:evil@127.0.0.66:5060>";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_captured_register_authorization_is_refused_when_replayed_with_or_without_qop()
    {
        await using var app = await AppProcess.StartAsync();
        using var alice = new RawSipUser(app, "alice");
        var register = alice.RegisterRequest($"<{alice.ContactUri}>");

        // alice answers with qop=auth, nc=00000001, as the clients we ship do; the attacker captured the header.
        var (callId, challenge) = await ChallengeAsync(alice, register);
        var withQop = alice.Answer(challenge, register);
        var accepted = await alice.TrySendAsync(register, callId, "alice1", withQop, Wait);
        Assert.True(accepted is { StatusCode: 200 }, $"alice's own qop=auth answer: {Describe(accepted)}");
        await AssertReplaysRefusedAsync(app, alice, withQop, "the qop=auth answer");

        // An old client answers the qop=auth challenge without qop (RFC 2069): nothing in that answer changes per request.
        (callId, challenge) = await ChallengeAsync(alice, register);
        var withoutQop = AnswerWithoutQop(challenge, register, "alice", "secret");
        var old = await alice.TrySendAsync(register, callId, "alice2", withoutQop, Wait);
        Assert.True(old is not { StatusCode: 200 }, $"an answer without qop to a challenge offering qop=auth was accepted: {Describe(old)}");
        await AssertReplaysRefusedAsync(app, alice, withoutQop, "the answer without qop");

        // Whatever was replayed, alice's address of record holds her own contact only.
        var query = await alice.RequestAsync(new RawRequest(SipMethods.Register, $"sip:{alice.Domain}", "alice", []));
        Assert.Equal(200, query.StatusCode);
        var contacts = query.Headers.GetAll(SipHeaderNames.Contact);
        Assert.DoesNotContain(contacts, c => c.Contains("evil", StringComparison.Ordinal));
        Assert.Equal(1, await app.GetMetricValueAsync("mcptt_registrations"));
    }

    private static async Task<(string CallId, SipResponse Challenge)> ChallengeAsync(RawSipUser user, RawRequest register)
    {
        var callId = user.NewCallId();
        var challenge = await user.TrySendAsync(register, callId, "t" + callId[..6], authorization: null, Wait);
        Assert.True(challenge is { StatusCode: 401 }, $"REGISTER without credentials: {Describe(challenge)}");
        return (callId, challenge!);
    }

    /// <summary>The captured header three times from alice's socket with new Call-IDs and CSeqs, then from another socket of
    /// her host and from another host, both binding an evil contact. None may be accepted.</summary>
    private static async Task AssertReplaysRefusedAsync(AppProcess app, RawSipUser alice, string captured, string what)
    {
        for (int i = 1; i <= 3; i++)
        {
            var replay = await alice.TrySendAsync(alice.RegisterRequest($"<{alice.ContactUri}>"), alice.NewCallId(), $"replay{i}", captured, Wait);
            Assert.True(replay is not { StatusCode: 200 }, $"replay {i} of {what} with a new Call-ID and CSeq was accepted");
        }
        using var sameHost = new RawSipUser(app, "alice", password: "unknown");
        using var otherHost = new RawSipUser(app, "alice", password: "unknown", local: AttackSources.Replayer);
        foreach (var (attacker, where) in new[] { (sameHost, "another socket of alice's host"), (otherHost, "another host") })
        {
            var evil = await attacker.TrySendAsync(attacker.RegisterRequest(EvilContact), attacker.NewCallId(), "evil", captured, Wait);
            Assert.True(evil is not { StatusCode: 200 }, $"{what} replayed from {where} with Contact {EvilContact} was accepted");
        }
    }

    /// <summary>An RFC 2069 answer: response = MD5(HA1:nonce:HA2), no qop, nc or cnonce.</summary>
    private static string AnswerWithoutQop(SipResponse challenged, RawRequest request, string user, string password)
    {
        var challenge = DigestChallenge.TryParse(challenged.Headers.Get(SipHeaderNames.WwwAuthenticate))!;
        var response = DigestCredentials.ComputeResponse(user, challenge.Realm, password, request.Method, request.RequestUri,
            challenge.Nonce, nc: null, cnonce: null, qop: null);
        var header = new StringBuilder("Authorization: Digest username=\"").Append(user)
            .Append("\", realm=\"").Append(challenge.Realm).Append("\", nonce=\"").Append(challenge.Nonce)
            .Append("\", uri=\"").Append(request.RequestUri).Append("\", response=\"").Append(response).Append("\", algorithm=MD5");
        if (challenge.Opaque is not null) header.Append(", opaque=\"").Append(challenge.Opaque).Append('"');
        return header.ToString();
    }

    private static string Describe(SipResponse? response) => response is null ? "no final response" : $"{response.StatusCode} {response.ReasonPhrase}";
}
