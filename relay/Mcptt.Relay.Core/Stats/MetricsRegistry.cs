using System.Buffers;
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

    /// <summary>The exposition text (tests, diagnostics). Scrapes use <see cref="RenderUtf8"/>.</summary>
    public string Render()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        RenderUtf8(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes the exposition as UTF-8 into <paramref name="output"/>. HELP/TYPE lines and each series'
    /// name and labels were encoded once at registration, and values are formatted in place, so a
    /// scrape allocates nothing here: scrapes every few seconds must not drive garbage collections that
    /// would pause the data-plane workers.
    /// </summary>
    public void RenderUtf8(IBufferWriter<byte> output)
    {
        lock (_gate)
        {
            foreach (var family in _families)
            {
                output.Write(family.Header);
                foreach (var series in family.Series)
                {
                    output.Write(series.Prefix);
                    WriteValue(output, series.Read());
                }
            }
        }
    }

    private static void WriteValue(IBufferWriter<byte> output, double v)
    {
        // "R" round-trips; 32 bytes hold any double's shortest form plus the newline.
        var span = output.GetSpan(32);
        int written;
        if (double.IsNaN(v)) written = Copy("NaN"u8, span);
        else if (double.IsPositiveInfinity(v)) written = Copy("+Inf"u8, span);
        else if (double.IsNegativeInfinity(v)) written = Copy("-Inf"u8, span);
        else if (!v.TryFormat(span, out written, "R", CultureInfo.InvariantCulture)) written = Copy("NaN"u8, span);
        span[written++] = (byte)'\n';
        output.Advance(written);
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> to)
    {
        text.CopyTo(to);
        return text.Length;
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
            family.Series.Add(new Series(labels, read, name));
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

    private static string EscapeHelp(string s) => s.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static string EscapeLabel(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private enum MetricType { Counter, Gauge }

    private sealed class Series((string Name, string Value)[] labels, Func<double> read, string familyName)
    {
        public (string Name, string Value)[] Labels { get; } = labels;
        public Func<double> Read { get; } = read;
        /// <summary>"name{label="value",...} " in UTF-8.</summary>
        public byte[] Prefix { get; } = Encoding.UTF8.GetBytes(FormatPrefix(familyName, labels));

        private static string FormatPrefix(string name, (string Name, string Value)[] labels)
        {
            var sb = new StringBuilder(name);
            if (labels.Length > 0)
            {
                sb.Append('{');
                for (int i = 0; i < labels.Length; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
                }
                sb.Append('}');
            }
            return sb.Append(' ').ToString();
        }
    }

    private sealed class Family(string name, string help, MetricType type)
    {
        public string Name { get; } = name;
        public MetricType Type { get; } = type;
        public List<Series> Series { get; } = new();
        /// <summary>The HELP and TYPE lines in UTF-8.</summary>
        public byte[] Header { get; } = Encoding.UTF8.GetBytes(
            $"# HELP {name} {EscapeHelp(help)}\n# TYPE {name} {(type == MetricType.Counter ? "counter" : "gauge")}\n");
    }
}
