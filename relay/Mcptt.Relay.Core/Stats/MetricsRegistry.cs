using System.Globalization;
using System.Text;

namespace Mcptt.Relay.Core.Stats;

/// <summary>
/// Every metric is declared once here and rendered once at scrape time in the Prometheus text
/// exposition format (version 0.0.4). Rendering only reads values; it never blocks a worker.
/// A family (name) has one HELP/TYPE and any number of label sets.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly object _gate = new();
    private readonly List<Family> _families = new();

    /// <summary>A counter owned by the caller and incremented with <see cref="Counter.Inc"/>.</summary>
    public Counter Counter(string name, string help, params (string Name, string Value)[] labels)
    {
        var counter = new Counter();
        Add(name, help, MetricType.Counter, labels, () => counter.Value);
        return counter;
    }

    /// <summary>A counter whose value is computed at scrape time (e.g. the sum of per-worker counters).</summary>
    public void CounterFunc(string name, string help, Func<double> read, params (string Name, string Value)[] labels)
        => Add(name, help, MetricType.Counter, labels, read);

    /// <summary>A gauge read at scrape time (active calls, registrations, free ports).</summary>
    public void Gauge(string name, string help, Func<double> read, params (string Name, string Value)[] labels)
        => Add(name, help, MetricType.Gauge, labels, read);

    public string Render()
    {
        var sb = new StringBuilder(4096);
        lock (_gate)
        {
            foreach (var family in _families)
            {
                sb.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
                sb.Append("# TYPE ").Append(family.Name).Append(' ')
                  .Append(family.Type == MetricType.Counter ? "counter" : "gauge").Append('\n');
                foreach (var series in family.Series)
                {
                    sb.Append(family.Name);
                    if (series.Labels.Length > 0)
                    {
                        sb.Append('{');
                        for (int i = 0; i < series.Labels.Length; i++)
                        {
                            if (i > 0) sb.Append(',');
                            sb.Append(series.Labels[i].Name).Append("=\"").Append(EscapeLabel(series.Labels[i].Value)).Append('"');
                        }
                        sb.Append('}');
                    }
                    sb.Append(' ').Append(FormatValue(series.Read())).Append('\n');
                }
            }
        }
        return sb.ToString();
    }

    private void Add(string name, string help, MetricType type, (string Name, string Value)[] labels, Func<double> read)
    {
        if (!IsValidName(name)) throw new ArgumentException($"invalid metric name '{name}'", nameof(name));
        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
            throw new ArgumentException($"counter '{name}' must end in _total", nameof(name));
        foreach (var label in labels)
            if (!IsValidName(label.Name) || label.Name.StartsWith("__", StringComparison.Ordinal))
                throw new ArgumentException($"invalid label name '{label.Name}' on '{name}'", nameof(labels));
        lock (_gate)
        {
            var family = _families.Find(f => f.Name == name);
            if (family is null)
            {
                family = new Family(name, help, type);
                _families.Add(family);
            }
            else if (family.Type != type)
            {
                throw new InvalidOperationException($"metric '{name}' declared twice with different types");
            }
            foreach (var existing in family.Series)
                if (SameLabels(existing.Labels, labels))
                    throw new InvalidOperationException($"metric '{name}' declared twice with the same labels");
            family.Series.Add(new Series(labels, read));
        }
    }

    private static bool SameLabels((string Name, string Value)[] a, (string Name, string Value)[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    private static bool IsValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || char.IsDigit(name[0])) return false;
        foreach (char c in name)
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return false;
        return true;
    }

    private static string FormatValue(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string EscapeHelp(string s) => s.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static string EscapeLabel(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private enum MetricType { Counter, Gauge }

    private sealed record Series((string Name, string Value)[] Labels, Func<double> Read);

    private sealed class Family(string name, string help, MetricType type)
    {
        public string Name { get; } = name;
        public string Help { get; } = help;
        public MetricType Type { get; } = type;
        public List<Series> Series { get; } = new();
    }
}
