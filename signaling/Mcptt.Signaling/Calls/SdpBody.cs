using System.Text;
using Mcptt.Signaling.Sdp;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// The SDP inside a message body: plain application/sdp, or the application/sdp part of the
/// multipart/mixed body an MCPTT client sends (SDP + mcptt-info XML). Replacing the SDP keeps the
/// other parts, so the callee still sees the MCPTT information.
/// </summary>
internal static class SdpBody
{
    public enum Kind { None, Sdp, Malformed }

    public readonly record struct Extracted(Kind Kind, SessionDescription? Sdp, string? Error);

    public static Extracted Read(SipMessage message)
    {
        if (message.Body.Length == 0) return new(Kind.None, null, null);
        var contentType = message.ContentType;
        byte[]? sdpBytes = null;
        if (contentType is null || contentType.Is("application", "sdp")) sdpBytes = message.Body;
        else if (contentType.Is("multipart", "mixed") && SipMultipart.TryParse(contentType, message.Body, out var parts))
            sdpBytes = SipMultipart.Find(parts, "application", "sdp")?.Body;
        if (sdpBytes is null) return new(Kind.None, null, null);
        var parsed = SdpParser.Parse(sdpBytes);
        return parsed.Ok ? new(Kind.Sdp, parsed.Sdp, null) : new(Kind.Malformed, null, parsed.Error);
    }

    /// <summary>Sets <paramref name="sdp"/> as the body of <paramref name="target"/>, keeping other parts of <paramref name="original"/>'s multipart body.</summary>
    public static void Write(SipMessage target, SessionDescription sdp, SipMessage? original = null)
    {
        var text = sdp.ToString();
        var contentType = original?.ContentType;
        if (contentType is not null && contentType.Is("multipart", "mixed")
            && contentType.Parameters.Get("boundary") is { Length: > 0 } boundary
            && SipMultipart.TryParse(contentType, original!.Body, out var parts))
        {
            var sb = new StringBuilder();
            foreach (var part in parts)
            {
                sb.Append("--").Append(boundary).Append("\r\n");
                foreach (var header in part.Headers) sb.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
                sb.Append("\r\n");
                bool isSdp = part.ContentType?.Is("application", "sdp") == true;
                sb.Append(isSdp ? text : Encoding.UTF8.GetString(part.Body));
                // RFC 2046 §5.1.1: the CRLF before the next delimiter belongs to the delimiter, not the part.
                sb.Append("\r\n");
            }
            sb.Append("--").Append(boundary).Append("--\r\n");
            target.SetBody(contentType.ToString(), sb.ToString());
            return;
        }
        target.SetBody("application/sdp", text);
    }
}
