using System.Globalization;
using System.Net;

namespace Mcptt.FloorLoad.Plan;

/// <summary>
/// What one floor load run does: <see cref="Groups"/> pre-arranged groups of <see cref="Members"/> users, all
/// registered and in their group call, then for each entry of <see cref="ActiveSteps"/> that many groups cycling
/// request → granted → (hold) → release → idle once per <see cref="PeriodMs"/>. User and group names follow
/// <see cref="UserName"/> and <see cref="GroupName"/>, which is how the generated site file and the run agree.
/// </summary>
public sealed record LoadPlan
{
    public required IPEndPoint Server { get; init; }

    /// <summary>Host of every AOR and group URI (the appliance's Sip:Domain; its address by default).</summary>
    public string Domain { get; init; } = "127.0.0.1";

    /// <summary>Address the tool's SIP, floor and audio sockets bind to.</summary>
    public IPAddress Local { get; init; } = IPAddress.Loopback;

    public int Groups { get; init; } = 50;

    public int Members { get; init; } = 10;

    public string Prefix { get; init; } = "fl";

    public string Password { get; init; } = "floor-load-secret";

    public IReadOnlyList<int> ActiveSteps { get; init; } = [20];

    public double StepSeconds { get; init; } = 10;

    public double WarmupSeconds { get; init; } = 2;

    /// <summary>One floor cycle per active group per period (staggered evenly over the groups).</summary>
    public int PeriodMs { get; init; } = 1000;

    /// <summary>How long the talker holds the floor before its Floor Release.</summary>
    public int HoldMs { get; init; } = 200;

    /// <summary>A Granted, Taken or Idle not seen this long after the message that causes it counts as lost.</summary>
    public int AnswerTimeoutMs { get; init; } = 2000;

    /// <summary>Floor sockets shared by all members (each member's server port tells them apart).</summary>
    public int FloorSockets { get; init; } = 4;

    public int SipSockets { get; init; } = 4;

    /// <summary>REGISTER transactions in flight at once.</summary>
    public int RegisterWindow { get; init; } = 100;

    /// <summary>Group calls being set up at once.</summary>
    public int SetupWindow { get; init; } = 8;

    /// <summary>The appliance's PID, for its CPU and RSS per step (null: not reported).</summary>
    public int? RelayPid { get; init; }

    public int TotalMembers => Groups * Members;

    public string UserName(int group, int member) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{group}u{member}");

    public string GroupName(int group) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}g{group}");

    public string GroupUri(int group) => $"sip:{GroupName(group)}@{Domain}";

    /// <summary>Every problem, one line each; empty when the plan can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Groups < 1) errors.Add("--groups must be at least 1");
        if (Members < 2) errors.Add("--members must be at least 2 (a lone member is denied the floor)");
        foreach (int active in ActiveSteps)
            if (active < 1 || active > Groups) errors.Add($"--active {active} must be between 1 and --groups ({Groups})");
        if (ActiveSteps.Count == 0) errors.Add("--active needs at least one step");
        if (HoldMs < 1 || HoldMs >= PeriodMs) errors.Add($"--hold-ms ({HoldMs}) must be between 1 and --period-ms ({PeriodMs}) - 1");
        if (StepSeconds <= 0 || WarmupSeconds < 0) errors.Add("--step-seconds must be positive and --warmup not negative");
        if (FloorSockets is < 1 or > 64 || SipSockets is < 1 or > 64) errors.Add("--floor-sockets and --sip-sockets must be 1..64");
        if (RegisterWindow < 1 || SetupWindow < 1) errors.Add("--register-window and --setup-window must be at least 1");
        return errors;
    }
}
