using System.Net;
using Mcptt.FloorLoad;
using Mcptt.FloorLoad.Plan;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Group;

/// <summary>
/// The short version of perf/scripts/floor-load.sh, so the harness cannot rot: 50 groups of 10 digest-registered
/// users configured through the appliance's ConfigFile, all in their group call, 20 of them cycling the floor.
/// Asserts that every request is granted and every member sees every Floor Taken and Floor Idle, and that the
/// appliance counted the same grants; no timing is asserted (figures come from the script, in perf/RESULTS.md).
/// </summary>
public sealed class FloorLoadTests
{
    [Fact]
    public async Task Fifty_groups_of_ten_in_calls_twenty_cycling_every_grant_taken_and_idle_arrives()
    {
        using var dir = new TempDirectory("floor-load");
        var site = Path.Combine(dir.Path, "site.json");
        var ports = AppPorts.Allocate(mediaPorts: 2 * 2 * 500 + 200); // two port pairs per member
        var plan = new LoadPlan
        {
            Server = new IPEndPoint(IPAddress.Loopback, ports.Sip),
            Groups = 50,
            Members = 10,
            ActiveSteps = [20],
            WarmupSeconds = 0.5,
            StepSeconds = 3,
            // Generous: this checks that nothing is lost on a loaded CI machine, not how fast it is.
            AnswerTimeoutMs = 10_000,
        };
        SiteConfigWriter.Write(plan, site);
        await using var app = await AppProcess.StartAsync([$"--ConfigFile={site}", "--Logging:LogLevel:Default=Warning"], ports);
        var log = new StringWriter();

        var report = await FloorLoadRun.RunAsync(plan with { RelayPid = app.Pid }, log);

        string context = $"\n{log}\n{app.Describe()}";
        Assert.True(report.Setup.Registered == 500, $"registered {report.Setup.Registered}/500{context}");
        Assert.True(report.Setup.GroupsInCall == 50, $"{report.Setup.GroupsInCall}/50 group calls up{context}");
        Assert.True(report.Setup.MembersWithFloor == 500, $"{report.Setup.MembersWithFloor}/500 members saw Floor Idle{context}");
        var step = Assert.Single(report.Steps);
        Assert.True(step.Requests >= 20, $"only {step.Requests} requests in {step.Seconds:0.0} s{context}");
        Assert.Equal(step.Requests, step.Grants);
        Assert.Equal(0, step.Unanswered);
        Assert.Equal(0, step.Denied);
        Assert.Equal(0, step.MissingTaken);
        Assert.Equal(0, step.MissingIdle);
        Assert.Equal(step.Grants, step.CyclesComplete);
        Assert.Equal(step.Grants, step.Grant.Count);
        Assert.Equal(step.Grants, step.TakenToAll.Count);
        Assert.Equal(0, report.InvalidFloorMessages);
        Assert.Equal(0, report.UnknownSourceDatagrams);
        Assert.Equal(0, report.ByesReceived);
        Assert.Equal(0, report.ClockFailures);
        var grants = await app.GetMetricValueAsync("mcptt_floor_grants_total");
        Assert.True(grants >= step.Grants, $"appliance counted {grants} grants, clients {step.Grants}");
    }
}
