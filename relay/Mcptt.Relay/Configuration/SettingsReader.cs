using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Mcptt.Relay.Configuration;

/// <summary>
/// Reads raw configuration strings into typed values and collects one operator-readable message per bad
/// setting (always naming the setting and the offending value). The binder in Microsoft.Extensions.Configuration
/// throws on the first bad value with a type name instead of a setting name, so it is not used.
/// </summary>
internal sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<string> _errors = new();

    public IReadOnlyList<string> Errors => _errors;

    public void Error(string message) => _errors.Add(message);

    public string? Raw(string key) => configuration[key];

    public int Int(string key, int fallback, int min, int max)
    {
        var raw = configuration[key];
        if (raw is null) return fallback;
        if (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error($"{key} (\"{raw}\") is not an integer");
            return fallback;
        }
        if (value < min || value > max)
        {
            Error($"{key} ({value}) must be between {min} and {max}");
            return fallback;
        }
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var raw = configuration[key];
        if (raw is null) return fallback;
        if (bool.TryParse(raw.Trim(), out var value)) return value;
        Error($"{key} (\"{raw}\") must be true or false");
        return fallback;
    }

    public string String(string key, string fallback) => configuration[key]?.Trim() ?? fallback;

    public IPAddress Address(string key, IPAddress fallback)
    {
        var raw = configuration[key];
        if (raw is null) return fallback;
        var trimmed = raw.Trim();
        // IPAddress.TryParse also accepts shorthand such as "1" (0.0.0.1); an operator never means that.
        if (IPAddress.TryParse(trimmed, out var address)
            && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || trimmed.Count(c => c == '.') == 3))
            return address;
        Error($"{key} (\"{raw}\") is not an IPv4 or IPv6 address");
        return fallback;
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback) where TEnum : struct, System.Enum
    {
        var raw = configuration[key];
        if (raw is null) return fallback;
        var trimmed = raw.Trim();
        // Names only: Enum.TryParse would also accept numbers such as "7".
        foreach (var name in System.Enum.GetNames<TEnum>())
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
                return System.Enum.Parse<TEnum>(name);
        Error($"{key} (\"{raw}\") must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return fallback;
    }

    /// <summary>Reports keys under <paramref name="section"/> that no code reads (typos such as "Sip:UdpProt").</summary>
    public void RejectUnknownKeys(string section, IReadOnlyCollection<string> known)
    {
        if (configuration.GetSection(section).Value is { } scalar)
            Error($"{section} (\"{scalar}\") is a section, not a value; set its keys, e.g. {section}:{known.First()}");
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            if (ContainsIgnoreCase(known, child.Key)) continue;
            var suggestion = Closest(child.Key, known);
            Error(suggestion is null
                ? $"{section}:{child.Key} is not a known setting"
                : $"{section}:{child.Key} is not a known setting (did you mean {section}:{suggestion}?)");
        }
    }

    public void RejectUnknownSections(IReadOnlyCollection<string> known)
    {
        foreach (var child in configuration.GetChildren())
        {
            if (ContainsIgnoreCase(known, child.Key)) continue;
            var suggestion = Closest(child.Key, known);
            Error(suggestion is null
                ? $"{child.Key} is not a known configuration section"
                : $"{child.Key} is not a known configuration section (did you mean {suggestion}?)");
        }
    }

    private static bool ContainsIgnoreCase(IEnumerable<string> names, string name)
    {
        foreach (var n in names)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = 3; // suggest only near misses
        foreach (var candidate in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = candidate; }
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
