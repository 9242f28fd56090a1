using System.Globalization;

namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>Reads sample values out of Prometheus text exposition.</summary>
public static class MetricsText
{
    /// <summary>The value of <paramref name="name"/> whose label set is exactly <paramref name="labels"/>
    /// (as rendered, e.g. generation="0"); null labels = the unlabelled sample. Null when absent.</summary>
    public static double? Value(string text, string name, string? labels = null)
    {
        var prefix = labels is null ? name + " " : $"{name}{{{labels}}} ";
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return ParseValue(line[prefix.Length..].Split(' ')[0]);
        return null;
    }

    /// <summary>Sum over every label set of <paramref name="name"/>; null when the family is absent.</summary>
    public static double? Sum(string text, string name)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length) continue;
            char next = line[name.Length];
            if (next != ' ' && next != '{') continue;
            int space = line.LastIndexOf(' ');
            sum = (sum ?? 0) + ParseValue(line[(space + 1)..]);
        }
        return sum;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
