using System.Text;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>Status codes of SIP responses received as raw datagrams.</summary>
internal static class SipReplies
{
    /// <summary>The status code of a SIP response datagram, or null when it is not a "SIP/2.0 NNN" response.</summary>
    public static int? StatusCode(byte[] datagram)
    {
        var text = Encoding.ASCII.GetString(datagram, 0, Math.Min(datagram.Length, 64));
        if (!text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) || text.Length < 11) return null;
        return int.TryParse(text.AsSpan(8, 3), out int code) ? code : null;
    }

    public static string Describe(IReadOnlyList<byte[]> replies)
        => replies.Count == 0 ? "no reply" : string.Join(" | ", replies.Select(r => Encoding.ASCII.GetString(r).Split("\r\n")[0]));
}
