using System.Globalization;
using System.Net;

namespace Mcptt.RtpBlaster.Modes;

/// <summary>"--name value" and "--switch" arguments after the subcommand; unknown names are an error.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Options(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null) _values[pending] = null;
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                Positional.Add(arg);
            }
        }
        if (pending is not null) _values[pending] = null;
    }

    public List<string> Positional { get; } = new();

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }

    public int Int(string name, int fallback) => String(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => String(name) is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public IPEndPoint? EndPoint(string name) => String(name) is { } s ? IPEndPoint.Parse(s) : null;

    public List<double> Rates(string name)
    {
        var rates = new List<double>();
        if (String(name) is { } s)
            foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                rates.Add(double.Parse(part, CultureInfo.InvariantCulture));
        return rates;
    }

    /// <summary>Throws when an argument was given that no mode read (a typo would otherwise silently use a default).</summary>
    public void RejectUnknown()
    {
        foreach (string key in _values.Keys)
            if (!_used.Contains(key)) throw new ArgumentException($"unknown option --{key}");
    }
}
