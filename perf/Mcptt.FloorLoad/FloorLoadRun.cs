using System.Diagnostics;
using System.Globalization;
using Mcptt.FloorLoad.Floor;
using Mcptt.FloorLoad.Plan;
using Mcptt.FloorLoad.Report;
using Mcptt.FloorLoad.Sip;

namespace Mcptt.FloorLoad;

/// <summary>
/// One run against a running appliance configured with <see cref="SiteConfigWriter"/>'s file: register every user,
/// put every group in its call, then for each step let that many groups cycle the floor and report what the clients saw.
/// </summary>
public static class FloorLoadRun
{
    private static readonly TimeSpan GroupJoinTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan FloorReadyTimeout = TimeSpan.FromSeconds(15);

    public static async Task<LoadReport> RunAsync(LoadPlan plan, TextWriter log, CancellationToken cancel = default)
    {
        var errors = plan.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors));
        var (groups, members) = Build(plan);
        using var audio = new AudioSink(plan.Local);
        using var floor = new FloorExchange(plan, members);
        await using var sip = new SipSide(plan, members, floor, audio.Port);

        var started = Stopwatch.StartNew();
        await sip.RegisterAllAsync(members, cancel).ConfigureAwait(false);
        double registerSeconds = started.Elapsed.TotalSeconds;
        Say(log, $"registered {members.Count(m => m.Registered)}/{members.Length} users in {registerSeconds:0.0} s");
        var rssBefore = plan.RelayPid is int pid ? ProcessSample.Take(pid) : null;

        started.Restart();
        int failures = await SetupGroupsAsync(plan, groups, sip, cancel).ConfigureAwait(false);
        double setupSeconds = started.Elapsed.TotalSeconds;
        await WaitUntilAsync(() => members.All(m => m.InitialIdle), FloorReadyTimeout, cancel).ConfigureAwait(false);
        // Settle so the figure is the calls' resident memory, not garbage of their setup.
        await Task.Delay(1000, cancel).ConfigureAwait(false);
        var rssAfter = plan.RelayPid is int pid2 ? ProcessSample.Take(pid2) : null;
        var setup = new SetupResult
        {
            Groups = plan.Groups,
            Members = plan.Members,
            Registered = members.Count(m => m.Registered),
            RegisterFailures = sip.RegisterFailures,
            RegisterSeconds = registerSeconds,
            GroupsInCall = groups.Length - failures,
            GroupCallFailures = failures,
            CallSetupSeconds = setupSeconds,
            MembersWithFloor = members.Count(m => m.InitialIdle),
            RelayRssBeforeCalls = rssBefore?.RssBytes ?? 0,
            RelayRssAfterCalls = rssAfter?.RssBytes ?? 0,
        };
        Say(log, $"{setup.GroupsInCall}/{groups.Length} group calls up in {setupSeconds:0.0} s; {setup.MembersWithFloor}/{members.Length} members saw Floor Idle");

        var steps = new List<StepResult>();
        foreach (int active in plan.ActiveSteps)
        {
            var step = await RunStepAsync(plan, groups, floor, active, cancel).ConfigureAwait(false);
            steps.Add(step);
            Say(log, $"step {active} groups: {step.Grants} grants ({step.GrantsPerSecond:0}/s), grant p50/p99/max {step.Grant} µs, "
                     + $"unanswered {step.Unanswered}, missing Taken {step.MissingTaken}, missing Idle {step.MissingIdle}");
        }
        floor.Activate(groups, 0);
        return Report(setup, steps, floor, sip, audio);
    }

    private static (LoadGroup[] Groups, LoadMember[] Members) Build(LoadPlan plan)
    {
        var groups = new LoadGroup[plan.Groups];
        var members = new LoadMember[plan.TotalMembers];
        for (int g = 0; g < plan.Groups; g++)
        {
            groups[g] = new LoadGroup(g, plan.GroupUri(g));
            var inGroup = new LoadMember[plan.Members];
            for (int m = 0; m < plan.Members; m++)
            {
                int index = g * plan.Members + m;
                var member = new LoadMember(index, groups[g], m, plan.UserName(g, m), plan.Password, ssrc: 0x10000u + (uint)index);
                member.FloorSocket = index % plan.FloorSockets;
                inGroup[m] = members[index] = member;
            }
            groups[g].Members = inGroup;
        }
        return (groups, members);
    }

    /// <summary>Calls every group URI (<see cref="LoadPlan.SetupWindow"/> at a time) and waits for its invitees; returns the failures.</summary>
    private static async Task<int> SetupGroupsAsync(LoadPlan plan, LoadGroup[] groups, SipSide sip, CancellationToken cancel)
    {
        int failures = 0;
        using var window = new SemaphoreSlim(plan.SetupWindow);
        var tasks = new List<Task>(groups.Length);
        foreach (var group in groups)
        {
            await window.WaitAsync(cancel).ConfigureAwait(false);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    bool up = await sip.CallGroupAsync(group.Members[0], cancel).ConfigureAwait(false)
                              && await Completes(group.AllJoined, GroupJoinTimeout, cancel).ConfigureAwait(false);
                    if (!up) Interlocked.Increment(ref failures);
                }
                catch (Mcptt.Client.Sip.SipTransactionException)
                {
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    window.Release();
                }
            }, cancel));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return failures;
    }

    private static async Task<StepResult> RunStepAsync(LoadPlan plan, LoadGroup[] groups, FloorExchange floor, int active, CancellationToken cancel)
    {
        floor.Activate(groups, active);
        await Task.Delay(TimeSpan.FromSeconds(plan.WarmupSeconds), cancel).ConfigureAwait(false);
        var stats = new StepStats();
        int self = Environment.ProcessId;
        var relay0 = plan.RelayPid is int pid ? ProcessSample.Take(pid) : null;
        var self0 = ProcessSample.Take(self);
        long drops0 = UdpDrops.Read();
        long t0 = Clock.NowNs();
        floor.Current = stats;
        await Task.Delay(TimeSpan.FromSeconds(plan.StepSeconds), cancel).ConfigureAwait(false);
        floor.Current = null;
        double seconds = (Clock.NowNs() - t0) / 1e9;
        var relay1 = plan.RelayPid is int pid1 ? ProcessSample.Take(pid1) : null;
        var self1 = ProcessSample.Take(self);
        long drops = UdpDrops.Read() - drops0;
        // Cycles started in the window finish (or time out) before their figures are read.
        var limit = TimeSpan.FromMilliseconds(plan.HoldMs + 3 * plan.AnswerTimeoutMs + 500);
        await WaitUntilAsync(() => FloorExchange.Settled(groups, stats), limit, cancel).ConfigureAwait(false);
        return StepResult.From(active, seconds, stats, relay0, relay1, self0, self1, drops);
    }

    private static LoadReport Report(SetupResult setup, List<StepResult> steps, FloorExchange floor, SipSide sip, AudioSink audio)
    {
        var c = floor.Counters;
        return new LoadReport
        {
            Setup = setup,
            Steps = steps,
            FloorDatagrams = Interlocked.Read(ref c.Datagrams),
            InvalidFloorMessages = Interlocked.Read(ref c.Invalid),
            UnknownSourceDatagrams = Interlocked.Read(ref c.UnknownSource),
            StrayFloorMessages = Interlocked.Read(ref c.Stray),
            Revokes = Interlocked.Read(ref c.Revoke),
            FloorSendErrors = Interlocked.Read(ref c.SendErrors),
            AcksSent = Interlocked.Read(ref c.AcksSent),
            ByesReceived = Interlocked.Read(ref sip.ByesReceived),
            UnexpectedSipRequests = Interlocked.Read(ref sip.UnexpectedRequests),
            AudioDatagrams = audio.Datagrams,
            ClockFailures = floor.ClockFailures,
        };
    }

    private static async Task<bool> Completes(Task task, TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await task.WaitAsync(timeout, cancel).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < timeout) await Task.Delay(50, cancel).ConfigureAwait(false);
    }

    private static void Say(TextWriter log, string line)
        => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} {line}"));
}
