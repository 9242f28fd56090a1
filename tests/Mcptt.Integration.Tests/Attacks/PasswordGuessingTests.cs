using System.Diagnostics;
using Mcptt.Client.Sip;
using Mcptt.Integration.Tests.Foundation;
using Mcptt.Integration.Tests.Infrastructure;
using Mcptt.Signaling.Sip;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>
/// Issue 10, finding 3: 300 wrong guesses at 4,500 per second were all answered 401 at flat latency on one reused
/// nonce, and the right password was accepted right after.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class PasswordGuessingTests
{
    private const int Guesses = 300;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private readonly ITestOutputHelper _output;

    public PasswordGuessingTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_guessing_host_is_banned_even_for_the_right_password_while_alice_elsewhere_registers()
    {
        await using var app = await AppProcess.StartAsync();
        using var guesser = new RawSipUser(app, "alice", password: "unknown", local: AttackSources.Guesser);
        var register = guesser.RegisterRequest($"<{guesser.ContactUri}>");
        var first = await guesser.TrySendAsync(register, guesser.NewCallId(), "g0", authorization: null, Wait);
        Assert.True(first is { StatusCode: 401 }, $"REGISTER without credentials: {first?.StatusCode}");
        var challenge = DigestChallenge.TryParse(first!.Headers.Get(SipHeaderNames.WwwAuthenticate))!;

        var statuses = await GuessAsync(app, guesser, register, challenge);
        int challenged = statuses.Count(s => s == 401);
        int refused = statuses.Count(s => s == 403);
        int unanswered = Guesses - statuses.Count;
        _output.WriteLine($"{Guesses} guesses: {challenged} x 401, {refused} x 403, {unanswered} unanswered");
        Assert.True(challenged <= 30, $"{challenged} of {Guesses} wrong guesses were answered 401 (403: {refused}, unanswered: {unanswered}): guessing is not throttled");

        // The right password from the guessing host comes too late: the host is banned.
        using var sameHost = new RawSipUser(app, "alice", local: AttackSources.Guesser);
        var right = await sameHost.TryRequestAsync(sameHost.RegisterRequest($"<{sameHost.ContactUri}>"), Wait);
        Assert.True(right is not { StatusCode: 200 }, "the right password was accepted from the host that had just guessed 300 times");

        // alice on her own host is not locked out by the attacker.
        using var alice = new RawSipUser(app, "alice", local: AttackSources.Legitimate);
        await alice.RegisterAsync();
        var failures = MetricsText.Sum(await app.GetMetricsAsync(), "mcptt_sip_auth_failures_total") ?? 0;
        Assert.True(failures >= 10, $"mcptt_sip_auth_failures_total is {failures}");
    }

    /// <summary>Every guess on the one nonce (nc counting up) sent back to back; the final statuses that came back.</summary>
    private async Task<List<int>> GuessAsync(AppProcess app, RawSipUser guesser, RawRequest register, DigestChallenge challenge)
    {
        var sent = Stopwatch.StartNew();
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Guesses; i++)
        {
            string nc = (i + 1).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            string cnonce = $"c{i:x6}";
            var response = DigestCredentials.ComputeResponse("alice", challenge.Realm, $"guess{i}", register.Method, register.RequestUri,
                challenge.Nonce, nc, cnonce, "auth");
            var header = $"Authorization: Digest username=\"alice\", realm=\"{challenge.Realm}\", nonce=\"{challenge.Nonce}\", " +
                $"uri=\"{register.RequestUri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc={nc}, cnonce=\"{cnonce}\"" +
                (challenge.Opaque is null ? "" : $", opaque=\"{challenge.Opaque}\"");
            var callId = guesser.NewCallId();
            callIds.Add(callId);
            await guesser.Probe.SendAsync(guesser.Build(register, callId, "g", i + 2, "z9hG4bK" + Guid.NewGuid().ToString("N"), header), app.Ports.Sip);
        }
        _output.WriteLine($"sent {Guesses} guesses in {sent.Elapsed.TotalMilliseconds:F0} ms ({Guesses / sent.Elapsed.TotalSeconds:F0}/s)");

        var statuses = new List<int>();
        while (statuses.Count < Guesses && await guesser.Probe.ReceiveAsync(TimeSpan.FromSeconds(1)) is { } datagram)
            if (SipParser.Parse(datagram, SipFraming.Datagram).Message is SipResponse { IsFinal: true } final && callIds.Remove(final.CallId ?? ""))
                statuses.Add(final.StatusCode);
        return statuses;
    }
}
