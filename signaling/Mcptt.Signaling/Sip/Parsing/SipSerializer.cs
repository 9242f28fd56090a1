using System.Buffers;
using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// Writes canonical messages: full header names, CRLF line ends, original header order and values,
/// and exactly one Content-Length equal to the body length (any stale one is replaced in place).
/// </summary>
public static class SipSerializer
{
    public static byte[] Serialize(SipMessage message)
    {
        var writer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Write(SipMessage message, IBufferWriter<byte> writer)
    {
        var sb = new StringBuilder(512);
        switch (message)
        {
            case SipRequest request:
                sb.Append(request.Method).Append(' ').Append(request.RequestUri.ToString()).Append(' ').Append(request.Version).Append("\r\n");
                break;
            case SipResponse response:
                sb.Append(response.Version).Append(' ').Append(response.StatusCode).Append(' ').Append(response.ReasonPhrase).Append("\r\n");
                break;
        }
        bool wroteLength = false;
        foreach (var header in message.Headers)
        {
            if (string.Equals(header.CanonicalName, SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                if (wroteLength) continue;
                wroteLength = true;
                sb.Append(SipHeaderNames.ContentLength).Append(": ").Append(message.Body.Length).Append("\r\n");
                continue;
            }
            sb.Append(header.CanonicalName).Append(": ").Append(Sanitize(header.Value)).Append("\r\n");
        }
        if (!wroteLength) sb.Append(SipHeaderNames.ContentLength).Append(": ").Append(message.Body.Length).Append("\r\n");
        sb.Append("\r\n");

        int max = Encoding.UTF8.GetMaxByteCount(sb.Length);
        var span = writer.GetSpan(max);
        int written = Encoding.UTF8.GetBytes(sb.ToString(), span);
        writer.Advance(written);
        if (message.Body.Length > 0) writer.Write(message.Body);
    }

    /// <summary>A header value set by code must not be able to inject extra lines.</summary>
    private static string Sanitize(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : value.Replace('\r', ' ').Replace('\n', ' ');
}
