namespace Mcptt.Media.Codecs;

/// <summary>
/// The parameters of an SDP <c>a=fmtp</c> line (the part after the payload type): <c>key=value</c> pairs
/// separated by <c>;</c>, keys case-insensitive, whitespace ignored. Parsed at call setup, not per frame.
/// </summary>
public sealed class FmtpParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static FmtpParameters Empty { get; } = new();

    public static FmtpParameters Parse(string? fmtp)
    {
        var result = new FmtpParameters();
        if (string.IsNullOrWhiteSpace(fmtp)) return result;
        foreach (var part in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=');
            if (equals < 0) result._values[part] = "";
            else result._values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        return result;
    }

    public bool TryGet(string key, out string value) => _values.TryGetValue(key, out value!);

    public bool TryGetInt(string key, out int value)
    {
        value = 0;
        return _values.TryGetValue(key, out var text) && int.TryParse(text, System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>True for <c>key=1</c> (the RFC 7587 boolean form).</summary>
    public bool Flag(string key) => TryGetInt(key, out int value) && value == 1;
}
