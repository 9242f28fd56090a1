using System.Text.Json;

namespace Mcptt.FloorLoad.Plan;

/// <summary>
/// Writes the appliance's site file (its ConfigFile setting) for a plan: every user with its password, every group
/// with its members, room for all group calls at once, and T4 (floor inactivity) at its maximum so groups that wait
/// for their step are not hung up. Demo users are turned off: only the plan's users exist.
/// </summary>
public static class SiteConfigWriter
{
    /// <summary>Floor:T4InactivityMs's upper bound (24 h).</summary>
    public const int LongestInactivityMs = 86_400_000;

    public static void Write(LoadPlan plan, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteStartObject("Auth");
        json.WriteBoolean("DemoUsers", false);
        json.WriteStartObject("Users");
        for (int g = 0; g < plan.Groups; g++)
            for (int m = 0; m < plan.Members; m++)
                json.WriteString(plan.UserName(g, m), plan.Password);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("Groups");
        for (int g = 0; g < plan.Groups; g++)
        {
            json.WriteStartObject();
            json.WriteString("Uri", plan.GroupUri(g));
            json.WriteStartArray("Members");
            for (int m = 0; m < plan.Members; m++) json.WriteStringValue(plan.UserName(g, m));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("GroupCalls");
        json.WriteNumber("MaxSessions", Math.Max(plan.Groups, 1));
        json.WriteEndObject();
        json.WriteStartObject("Floor");
        json.WriteNumber("T4InactivityMs", LongestInactivityMs);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void Write(LoadPlan plan, string path)
    {
        using var file = File.Create(path);
        Write(plan, file);
    }
}
