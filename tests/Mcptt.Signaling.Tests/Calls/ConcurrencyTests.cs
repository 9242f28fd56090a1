namespace Mcptt.Signaling.Tests.Calls;

public sealed class ConcurrencyTests
{
    /// <summary>
    /// Calls set up and torn down from several threads at once (as transport and timer threads do)
    /// must not lose, mix up or leak sessions. Counts outcomes; asserts nothing about timing.
    /// </summary>
    [Fact]
    public void Concurrent_calls_are_independent_and_leave_nothing_behind()
    {
        using var f = new CallFixture(o => o.RequireRegisteredCaller = false);
        const int threads = 4, callsPerThread = 25;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int i = 0; i < callsPerThread; i++)
            {
                string id = $"par-{t}-{i}";
                var invite = f.Invite(callId: id, extraHeaders: $"Subject: {id}");
                var toBob = f.Sip.FindBySubject(id) ?? throw new InvalidOperationException($"no INVITE for {id}");
                toBob.Respond(180);
                toBob.Respond(200, CallFixture.BobSdp);
                if (invite.Final?.StatusCode != 200) throw new InvalidOperationException($"{id}: {invite.Final?.StatusCode}");
                f.FromAlice(invite, "ACK", 1);
                var bye = f.FromAlice(invite, "BYE", 2);
                if (bye.Final?.StatusCode != 200) throw new InvalidOperationException($"{id}: BYE {bye.Final?.StatusCode}");
            }
        });

        const int total = threads * callsPerThread;
        Assert.Equal(0, f.Calls.ActiveCalls);
        Assert.Empty(f.Relay.Legs);
        Assert.Empty(f.Relay.Bridges);
        Assert.Equal(2 * total, f.Relay.FreedLegs);
        var byes = f.Sip.Snapshot().Where(s => s.Request.Method == "BYE").Select(s => s.Request.CallId).ToList();
        Assert.Equal(total, byes.Distinct().Count());
        Assert.Contains($"mcptt_calls_total{{result=\"answered\"}} {total}", f.MetricsText);
        Assert.Contains($"mcptt_calls_ended_total{{reason=\"bye_caller\"}} {total}", f.MetricsText);
    }
}
