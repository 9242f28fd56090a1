namespace Mcptt.Signaling.Auth;

/// <summary>
/// Splits the value of an Authorization / Proxy-Authorization header ("Digest k=v, k2="quoted"").
/// Bounded (size, parameter count), handles quoted-pair escapes, and reports the first problem.
/// </summary>
public static class DigestParameters
{
    public const int MaxHeaderLength = 4096;
    public const int MaxParameters = 24;

    public static bool TryParse(string header, out Dictionary<string, string> parameters, out string? error)
    {
        parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        if (header.Length > MaxHeaderLength) { error = "Authorization header too long"; return false; }
        var text = header.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || (text.Length > 6 && !char.IsWhiteSpace(text[6])))
        {
            error = "only the Digest scheme is supported";
            return false;
        }
        int i = 6;
        while (true)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i]))) i++;
            if (i >= text.Length) break;
            int nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',' && !char.IsWhiteSpace(text[i])) i++;
            var name = text[nameStart..i].ToString();
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (name.Length == 0 || i >= text.Length || text[i] != '=') { error = $"parameter '{name}' has no value"; return false; }
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                bool closed = false;
                while (i < text.Length)
                {
                    char c = text[i++];
                    if (c == '\\' && i < text.Length) { sb.Append(text[i++]); continue; }
                    if (c == '"') { closed = true; break; }
                    sb.Append(c);
                }
                if (!closed) { error = $"parameter '{name}' has an unterminated quoted value"; return false; }
                value = sb.ToString();
            }
            else
            {
                int valueStart = i;
                while (i < text.Length && text[i] != ',' && !char.IsWhiteSpace(text[i])) i++;
                value = text[valueStart..i].ToString();
            }
            if (parameters.Count >= MaxParameters) { error = "too many Digest parameters"; return false; }
            if (!parameters.TryAdd(name, value)) { error = $"parameter '{name}' repeated"; return false; }
        }
        return true;
    }
}
