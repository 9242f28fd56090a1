using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>One body part of a multipart body: its headers and content bytes.</summary>
public sealed record MultipartPart(SipHeaderCollection Headers, byte[] Body)
{
    public MediaType? ContentType =>
        Headers.Get(SipHeaderNames.ContentType) is { } v && MediaType.TryParse(v, out var m) ? m : null;
}

/// <summary>RFC 2046 multipart splitter (bounded: at most <see cref="MaxParts"/> parts), e.g. to find SDP in multipart/mixed.</summary>
public static class SipMultipart
{
    public const int MaxParts = 32;

    public static bool TryParse(MediaType? contentType, byte[] body, out List<MultipartPart> parts)
    {
        parts = new List<MultipartPart>();
        if (contentType is null || !contentType.Type.Equals("multipart", StringComparison.OrdinalIgnoreCase)) return false;
        string? boundary = contentType.Parameters.Get("boundary");
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70) return false;
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        ReadOnlySpan<byte> span = body;
        int pos = IndexOfDelimiter(span, delimiter, 0);
        if (pos < 0) return false;
        while (parts.Count < MaxParts)
        {
            int after = pos + delimiter.Length;
            if (span[after..].StartsWith("--"u8)) return parts.Count > 0;
            int lineEnd = span[after..].IndexOf((byte)'\n');
            if (lineEnd < 0) return false;
            int partStart = after + lineEnd + 1;
            int next = IndexOfDelimiter(span, delimiter, partStart);
            if (next < 0) return false;
            int partEnd = next;
            // The CRLF before the delimiter belongs to the delimiter.
            if (partEnd > partStart && span[partEnd - 1] == '\n') partEnd--;
            if (partEnd > partStart && span[partEnd - 1] == '\r') partEnd--;
            if (!TryParsePart(span[partStart..Math.Max(partStart, partEnd)], out var part)) return false;
            parts.Add(part);
            pos = next;
        }
        return false;
    }

    /// <summary>The first part of the given type, e.g. ("application", "sdp").</summary>
    public static MultipartPart? Find(List<MultipartPart> parts, string type, string subType)
    {
        foreach (var p in parts)
            if (p.ContentType?.Is(type, subType) == true) return p;
        return null;
    }

    private static int IndexOfDelimiter(ReadOnlySpan<byte> body, byte[] delimiter, int from)
    {
        int offset = from;
        while (offset <= body.Length)
        {
            int i = body[offset..].IndexOf(delimiter);
            if (i < 0) return -1;
            int at = offset + i;
            if (at == 0 || body[at - 1] == '\n') return at;
            offset = at + 1;
        }
        return -1;
    }

    private static bool TryParsePart(ReadOnlySpan<byte> part, out MultipartPart result)
    {
        result = null!;
        var headers = new SipHeaderCollection();
        int pos = 0;
        while (true)
        {
            int nl = part[pos..].IndexOf((byte)'\n');
            if (nl < 0) return false;
            var line = part.Slice(pos, nl);
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            pos += nl + 1;
            if (line.IsEmpty) break;
            string text = Encoding.UTF8.GetString(line);
            int colon = text.IndexOf(':');
            if (colon <= 0) return false;
            headers.Add(text[..colon].Trim(), text[(colon + 1)..].Trim());
            if (headers.Count > 64) return false;
        }
        result = new MultipartPart(headers, part[pos..].ToArray());
        return true;
    }
}
