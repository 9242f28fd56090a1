using System.Globalization;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>The final row of a sipp `-trace_stat -stf` CSV (';'-separated; cumulative "(C)" columns).</summary>
public sealed record SippStats(IReadOnlyDictionary<string, string> Columns)
{
    public int SuccessfulCalls => Int("SuccessfulCall(C)");
    public int FailedCalls => Int("FailedCall(C)");
    public int OutgoingCalls => Int("OutgoingCall(C)");
    public int IncomingCalls => Int("IncomingCall(C)");
    public int TotalCallsCreated => Int("TotalCallCreated");

    public int Int(string column)
        => Columns.TryGetValue(column, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new KeyNotFoundException($"sipp stats have no integer column '{column}'");

    /// <summary>Null when the file is missing or has no data row (sipp died before writing one).</summary>
    public static SippStats? Parse(string csvPath)
    {
        if (!File.Exists(csvPath)) return null;
        var lines = File.ReadAllLines(csvPath).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2) return null;
        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length && i < last.Length; i++)
            if (header[i].Length > 0) columns[header[i]] = last[i];
        return new SippStats(columns);
    }

    public override string ToString()
        => $"successful={Columns.GetValueOrDefault("SuccessfulCall(C)")} failed={Columns.GetValueOrDefault("FailedCall(C)")} " +
           $"outgoing={Columns.GetValueOrDefault("OutgoingCall(C)")} incoming={Columns.GetValueOrDefault("IncomingCall(C)")}";
}
