using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Tests.Registrar;

/// <summary>Builds messages from readable text through the real parser (so tests see what the wire gives).</summary>
internal static class SipText
{
    public static SipRequest Request(string text)
    {
        var result = SipParser.Parse(Normalize(text));
        Assert.True(result.Success, result.Error);
        return result.Request!;
    }

    public static SipResponse Response(string text)
    {
        var result = SipParser.Parse(Normalize(text));
        Assert.True(result.Success, result.Error);
        return result.Response!;
    }

    /// <summary>
    /// Trims indentation and drops blank lines among the headers (optional header slots in the templates);
    /// the blank line after Content-Length (always last in the templates) starts the body.
    /// </summary>
    private static string Normalize(string text)
    {
        var sb = new System.Text.StringBuilder();
        bool inBody = false;
        string previous = "";
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = inBody ? raw : raw.TrimStart();
            if (!inBody && line.Length == 0)
            {
                if (!previous.StartsWith("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                inBody = true;
                sb.Append("\r\n");
                continue;
            }
            sb.Append(line).Append("\r\n");
            if (line.Length > 0) previous = line;
        }
        if (!inBody) sb.Append("\r\n");
        var result = sb.ToString();
        // The template's last line ends the body; SDP bodies carry their own final CRLF.
        return inBody && result.EndsWith("\r\n\r\n", StringComparison.Ordinal) ? result[..^2] : result;
    }
}
