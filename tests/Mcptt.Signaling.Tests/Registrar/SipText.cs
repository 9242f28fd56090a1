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

    private static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimStart());
        var joined = string.Join("\r\n", lines);
        return joined.Contains("\r\n\r\n") ? joined : joined.TrimEnd() + "\r\n\r\n";
    }
}
