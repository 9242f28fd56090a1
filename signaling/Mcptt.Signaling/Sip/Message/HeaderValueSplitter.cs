namespace Mcptt.Signaling.Sip;

/// <summary>Splits a list-header value on commas that are outside quoted strings and &lt;...&gt;.</summary>
public static class HeaderValueSplitter
{
    public static List<string> Split(string value)
    {
        var parts = new List<string>();
        int start = 0;
        bool inQuotes = false, inAngle = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (inQuotes)
            {
                if (c == '\\') i++;
                else if (c == '"') inQuotes = false;
            }
            else if (c == '"') inQuotes = true;
            else if (c == '<') inAngle = true;
            else if (c == '>') inAngle = false;
            else if (c == ',' && !inAngle)
            {
                parts.Add(value[start..i].Trim(' ', '\t'));
                start = i + 1;
            }
        }
        parts.Add(value[start..].Trim(' ', '\t'));
        return parts;
    }

    /// <summary>True when the value has a comma outside quotes/&lt;&gt; (i.e. more than one list element).</summary>
    public static bool HasSeveral(string value) => Split(value).Count > 1;
}
