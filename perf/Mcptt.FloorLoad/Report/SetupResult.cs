namespace Mcptt.FloorLoad.Report;

/// <summary>How the groups got into their calls, and what it cost the appliance.</summary>
public sealed record SetupResult
{
    public int Groups { get; init; }
    public int Members { get; init; }
    public int Registered { get; init; }
    public long RegisterFailures { get; init; }
    public double RegisterSeconds { get; init; }
    /// <summary>Groups whose originator got 2xx and whose every invitee ACKed our 2xx in time.</summary>
    public int GroupsInCall { get; init; }
    public int GroupCallFailures { get; init; }
    public double CallSetupSeconds { get; init; }
    /// <summary>Members that received a Floor Idle after joining (their floor channel works end to end).</summary>
    public int MembersWithFloor { get; init; }
    public long RelayRssBeforeCalls { get; init; }
    public long RelayRssAfterCalls { get; init; }

    /// <summary>Resident memory the group calls added to the appliance, per group and per member.</summary>
    public double RssPerGroupBytes => GroupsInCall > 0 ? (double)(RelayRssAfterCalls - RelayRssBeforeCalls) / GroupsInCall : 0;

    public double RssPerMemberBytes => GroupsInCall > 0 ? RssPerGroupBytes / Members : 0;
}

/// <summary>A whole run: setup, the steps, and every anomaly the clients saw.</summary>
public sealed record LoadReport
{
    public required SetupResult Setup { get; init; }
    public required IReadOnlyList<StepResult> Steps { get; init; }
    public long FloorDatagrams { get; init; }
    public long InvalidFloorMessages { get; init; }
    public long UnknownSourceDatagrams { get; init; }
    public long StrayFloorMessages { get; init; }
    public long Revokes { get; init; }
    public long FloorSendErrors { get; init; }
    public long AcksSent { get; init; }
    public long ByesReceived { get; init; }
    public long UnexpectedSipRequests { get; init; }
    public long AudioDatagrams { get; init; }
    public long ClockFailures { get; init; }
}
