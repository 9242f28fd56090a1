using System.Globalization;
using System.Net;
using System.Text.Json;
using Mcptt.FloorLoad;
using Mcptt.FloorLoad.Plan;
using Mcptt.FloorLoad.Report;
using Mcptt.RtpBlaster.Modes;

const string Usage = """
floor-load: TS 24.380 floor control at scale against the appliance (pre-arranged group calls, digest-registered users).

  floor-load config --out FILE [--groups 2000] [--members 10] [--prefix fl] [--password P] [--domain 127.0.0.1]
      writes the appliance's site file (its --ConfigFile=FILE): every user, every group, GroupCalls:MaxSessions,
      Floor:T4InactivityMs at its maximum so waiting groups are not hung up.
  floor-load run --server 127.0.0.1:5060 [--groups 2000] [--members 10] [--prefix fl] [--password P] [--domain HOST]
                 [--active 100,500,1000] [--step-seconds 10] [--warmup 2] [--period-ms 1000] [--hold-ms 200]
                 [--answer-timeout-ms 2000] [--relay-pid PID] [--json FILE] [--local 127.0.0.1]
                 [--floor-sockets 4] [--sip-sockets 4] [--register-window 100] [--setup-window 8]
      registers every user, calls every group, then per step lets that many groups cycle request → granted (+ taken
      at the others) → hold → release → idle once per period; prints a markdown table, writes JSON with --json.
Exit code: 0 when every request was answered and every member saw every Taken and Idle, 1 otherwise, 2 for bad arguments.
""";

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
try
{
    var options = new Options(args.Skip(1));
    var plan = ReadPlan(options, needServer: args[0] == "run");
    switch (args[0])
    {
        case "config":
            string output = options.String("out") ?? throw new ArgumentException("config needs --out FILE");
            options.RejectUnknown();
            SiteConfigWriter.Write(plan, output);
            return 0;
        case "run":
            string? json = options.String("json");
            options.RejectUnknown();
            var errors = plan.Validate();
            if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors));
            var report = await FloorLoadRun.RunAsync(plan, Console.Error);
            Print(report);
            if (json is not null) await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return Clean(report) ? 0 : 1;
        default:
            throw new ArgumentException($"unknown mode '{args[0]}'");
    }
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine("floor-load: " + e.Message);
    return 2;
}

static LoadPlan ReadPlan(Options o, bool needServer)
{
    var server = o.EndPoint("server");
    if (server is null && needServer) throw new ArgumentException("run needs --server HOST:PORT (the appliance's SIP UDP port)");
    server ??= new IPEndPoint(IPAddress.Loopback, 5060);
    var steps = o.Rates("active");
    return new LoadPlan
    {
        Server = server,
        Domain = o.String("domain") ?? server.Address.ToString(),
        Local = o.String("local") is { } local ? IPAddress.Parse(local) : IPAddress.Loopback,
        Groups = o.Int("groups", 2000),
        Members = o.Int("members", 10),
        Prefix = o.String("prefix") ?? "fl",
        Password = o.String("password") ?? "floor-load-secret",
        ActiveSteps = steps.Count > 0 ? steps.Select(s => (int)s).ToArray() : [100, 500, 1000],
        StepSeconds = o.Double("step-seconds", 10),
        WarmupSeconds = o.Double("warmup", 2),
        PeriodMs = o.Int("period-ms", 1000),
        HoldMs = o.Int("hold-ms", 200),
        AnswerTimeoutMs = o.Int("answer-timeout-ms", 2000),
        RelayPid = o.String("relay-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
        FloorSockets = o.Int("floor-sockets", 4),
        SipSockets = o.Int("sip-sockets", 4),
        RegisterWindow = o.Int("register-window", 100),
        SetupWindow = o.Int("setup-window", 8),
    };
}

static void Print(LoadReport r)
{
    var s = r.Setup;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"setup: {s.Registered}/{s.Groups * s.Members} registered in {s.RegisterSeconds:0.0} s ({s.RegisterFailures} failed); "
        + $"{s.GroupsInCall}/{s.Groups} group calls in {s.CallSetupSeconds:0.0} s ({s.GroupCallFailures} failed); "
        + $"{s.MembersWithFloor} members with a working floor channel; relay RSS {s.RelayRssBeforeCalls / 1048576.0:0} -> {s.RelayRssAfterCalls / 1048576.0:0} MiB "
        + $"({s.RssPerGroupBytes / 1024:0.0} KiB per group, {s.RssPerMemberBytes / 1024:0.0} KiB per member)"));
    Console.WriteLine();
    Console.WriteLine(StepResult.TableHeader);
    foreach (var step in r.Steps) Console.WriteLine(step.TableRow());
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"floor datagrams {r.FloorDatagrams}, invalid {r.InvalidFloorMessages}, unknown source {r.UnknownSourceDatagrams}, stray {r.StrayFloorMessages}, "
        + $"revokes {r.Revokes}, acks sent {r.AcksSent}, send errors {r.FloorSendErrors}; SIP BYEs {r.ByesReceived}, unexpected requests {r.UnexpectedSipRequests}; "
        + $"audio datagrams {r.AudioDatagrams}; kernel UDP drops per step {string.Join(",", r.Steps.Select(x => x.KernelUdpDrops))}"));
}

static bool Clean(LoadReport r)
    => r.Setup.GroupCallFailures == 0 && r.Setup.RegisterFailures == 0 && r.Setup.MembersWithFloor == r.Setup.Groups * r.Setup.Members
       && r.InvalidFloorMessages == 0 && r.ClockFailures == 0
       && r.Steps.All(s => s.Unanswered == 0 && s.Denied == 0 && s.MissingTaken == 0 && s.MissingIdle == 0 && s.Grants > 0);
