using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// RFC 3261 message parser. Bounded by <see cref="SipParserOptions"/>, never throws on input, and
/// validates the headers the core relies on (Via, From, To, Call-ID, CSeq, Max-Forwards,
/// Content-Length, Content-Type, Contact, Route, Record-Route) so that later layers can trust them.
/// Semantic checks (required headers, single-valued headers, CSeq/method match) are in
/// <see cref="SipRequestValidator"/>.
/// </summary>
public static class SipParser
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static SipParseResult Parse(ReadOnlySpan<byte> data, SipFraming framing, SipParserOptions? options = null)
    {
        options ??= SipParserOptions.Default;
        try
        {
            return ParseCore(data, framing, options);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Defence in depth: a parser bug must turn into a counted error, never a crashed receive loop.
            return SipParseResult.Fail(400, "unparseable message", false, null);
        }
    }

    public static SipParseResult Parse(string text, SipFraming framing = SipFraming.Datagram, SipParserOptions? options = null) =>
        Parse(Encoding.UTF8.GetBytes(text), framing, options);

    private static SipParseResult ParseCore(ReadOnlySpan<byte> data, SipFraming framing, SipParserOptions options)
    {
        // Leading CRLFs are keep-alives (RFC 5626) or stray line ends (RFC 3261 §7.5): skip them.
        int start = 0;
        while (start < data.Length && data[start] is (byte)'\r' or (byte)'\n') start++;
        if (data.IsEmpty)
        {
            return framing == SipFraming.Stream
                ? SipParseResult.NeedMore()
                : SipParseResult.Fail(400, "empty datagram", false, null);
        }
        // On a stream, CRLFs before a message are reported on their own so the connection can answer
        // a double-CRLF ping even when the next message arrived in the same segment.
        if (framing == SipFraming.Stream && start > 0) return SipParseResult.KeepAlive(start);
        // A datagram of nothing but CRLFs is a NAT keep-alive (what many UAs send over UDP): accepted silently,
        // not a parse error to count.
        if (start == data.Length) return SipParseResult.KeepAlive(start);
        if (data.Length > options.MaxMessageSize && framing == SipFraming.Datagram)
            return SipParseResult.Fail(513, "message too large", false, null);

        int limit = Math.Min(data.Length, start + options.MaxMessageSize);
        int headerEnd = FindHeaderEnd(data[start..limit], out int bodyStart);
        if (headerEnd < 0)
        {
            if (framing == SipFraming.Stream && data.Length - start < options.MaxMessageSize) return SipParseResult.NeedMore();
            bool response = LooksLikeResponse(data[start..]);
            return SipParseResult.Fail(framing == SipFraming.Stream ? 513 : 400,
                framing == SipFraming.Stream ? "header section too large" : "no end of header section", response, null);
        }
        headerEnd += start;
        bodyStart += start;

        string head = Utf8.GetString(data[start..headerEnd]);
        var lines = ReadLines(head, options, out string? lineError);
        bool isResponse = lines.Count > 0 && lines[0].StartsWith("SIP/", StringComparison.OrdinalIgnoreCase);
        var headers = new SipHeaderCollection();
        string? headerError = lineError;
        for (int i = 1; i < lines.Count; i++)
        {
            if (headers.Count >= options.MaxHeaders)
            {
                headerError ??= "too many header fields";
                break;
            }
            string line = lines[i];
            int colon = line.IndexOf(':');
            var name = colon < 0 ? ReadOnlySpan<char>.Empty : line.AsSpan(0, colon).TrimEnd(" \t");
            if (colon < 0 || !SipGrammar.IsToken(name))
            {
                headerError ??= "malformed header field";
                continue;
            }
            headers.Add(name.ToString(), line.AsSpan(colon + 1).Trim(" \t").ToString());
        }

        if (lines.Count == 0) return SipParseResult.Fail(400, "missing start line", false, headers);
        if (headerError is not null) return SipParseResult.Fail(400, headerError, isResponse, headers);

        // Framing first: on a stream it decides where the next message starts even if this one is bad.
        var cl = headers.GetAll(SipHeaderNames.ContentLength);
        int bodyLength;
        if (cl.Count == 0)
        {
            if (framing == SipFraming.Stream) return SipParseResult.Fail(400, "Content-Length required on stream transports", isResponse, headers);
            bodyLength = data.Length - bodyStart;
        }
        else
        {
            if (cl.Count > 1) return SipParseResult.Fail(400, "multiple Content-Length values", isResponse, headers);
            var clText = SipGrammar.TrimLws(cl[0]);
            if (!SipGrammar.TryParseBounded(clText, int.MaxValue, out long declared))
                return SipParseResult.Fail(400, "malformed Content-Length", isResponse, headers);
            if (bodyStart + declared - start > options.MaxMessageSize)
                return SipParseResult.Fail(framing == SipFraming.Stream ? 513 : 400, "Content-Length larger than the message size limit", isResponse, headers);
            if (bodyStart + declared > data.Length)
            {
                if (framing == SipFraming.Stream) return SipParseResult.NeedMore();
                return SipParseResult.Fail(400, "Content-Length larger than the datagram", isResponse, headers);
            }
            bodyLength = (int)declared;
        }
        int consumed = bodyStart + bodyLength;
        byte[] body = data.Slice(bodyStart, bodyLength).ToArray();

        SipMessage message;
        if (isResponse)
        {
            if (!TryParseStatusLine(lines[0], out var response, out string? statusError))
                return SipParseResult.Fail(400, statusError!, true, headers, consumed);
            message = response;
        }
        else
        {
            var requestLine = ParseRequestLine(lines[0], out var request);
            if (requestLine.Status != 0) return SipParseResult.Fail(requestLine.Status, requestLine.Error!, false, headers, consumed);
            message = request!;
        }
        foreach (var h in headers) message.Headers.Add(h);
        message.Body = body;

        string? invalid = HeaderSyntaxValidator.FindError(message);
        if (invalid is not null) return SipParseResult.Fail(400, invalid, isResponse, headers, consumed);
        return SipParseResult.Ok(message, consumed);
    }

    /// <summary>Index of the line end before the empty line, and where the body starts; -1 when absent.</summary>
    private static int FindHeaderEnd(ReadOnlySpan<byte> data, out int bodyStart)
    {
        bodyStart = -1;
        int lineStart = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n') continue;
            int contentEnd = i > lineStart && data[i - 1] == (byte)'\r' ? i - 1 : i;
            if (contentEnd == lineStart && lineStart > 0)
            {
                bodyStart = i + 1;
                return lineStart;
            }
            lineStart = i + 1;
        }
        return -1;
    }

    /// <summary>Splits into logical lines, unfolding continuation lines (leading SP/HT) into one SP.</summary>
    private static List<string> ReadLines(string head, SipParserOptions options, out string? error)
    {
        error = null;
        var lines = new List<string>();
        var current = new StringBuilder();
        bool have = false;
        foreach (var range in head.AsSpan().Split('\n'))
        {
            var line = head.AsSpan()[range];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.Length > options.MaxLineLength)
            {
                error ??= "line too long";
                continue;
            }
            if (line.IsEmpty) continue;
            if (SipGrammar.IsWhitespace(line[0]) && have && lines.Count + (have ? 1 : 0) > 1)
            {
                current.Append(' ').Append(line.Trim(" \t"));
                if (current.Length > options.MaxLineLength) error ??= "header field too long";
                continue;
            }
            if (have) lines.Add(current.ToString());
            current.Clear().Append(line);
            have = true;
            if (lines.Count > options.MaxHeaders + 1)
            {
                error ??= "too many header fields";
                break;
            }
        }
        if (have) lines.Add(current.ToString());
        return lines;
    }

    private static bool LooksLikeResponse(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && (data[0] | 0x20) == 's' && (data[1] | 0x20) == 'i' && (data[2] | 0x20) == 'p' && data[3] == '/';

    private readonly record struct LineOutcome(int Status, string? Error);

    /// <summary>Request-Line = Method SP Request-URI SP SIP-Version, single SPs, no trailing space.</summary>
    private static LineOutcome ParseRequestLine(string line, out SipRequest? request)
    {
        request = null;
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
            return new(400, "malformed Request-Line");
        if (!SipGrammar.IsToken(parts[0])) return new(400, "malformed method");
        if (parts[1].AsSpan().IndexOfAny('\t', '<', '>') >= 0) return new(400, "malformed Request-URI");
        if (!AddressUri.TryParse(parts[1], out var uri)) return new(400, "malformed Request-URI");
        if (uri is SipUri sip && sip.Headers.Count > 0) return new(400, "headers not allowed in Request-URI");
        if (!IsVersionSyntax(parts[2])) return new(400, "malformed SIP-Version");
        if (!parts[2].Equals(SipMessage.Version20, StringComparison.OrdinalIgnoreCase)) return new(505, "only SIP/2.0 is supported");
        request = new SipRequest(parts[0], uri) { Version = SipMessage.Version20 };
        return new(0, null);
    }

    /// <summary>Status-Line = SIP-Version SP 3DIGIT SP Reason-Phrase (reason may be empty).</summary>
    private static bool TryParseStatusLine(string line, out SipResponse response, out string? error)
    {
        response = null!;
        error = null;
        int sp = line.IndexOf(' ');
        if (sp < 0) { error = "malformed Status-Line"; return false; }
        var version = line[..sp];
        if (!version.Equals(SipMessage.Version20, StringComparison.OrdinalIgnoreCase)) { error = "unsupported SIP-Version"; return false; }
        var rest = line.AsSpan(sp + 1);
        int sp2 = rest.IndexOf(' ');
        var code = sp2 < 0 ? rest : rest[..sp2];
        if (code.Length != 3 || !SipGrammar.TryParseBounded(code, 699, out long status) || status < 100)
        {
            error = "invalid status code";
            return false;
        }
        string reason = sp2 < 0 ? string.Empty : rest[(sp2 + 1)..].ToString();
        response = new SipResponse((int)status, reason) { Version = SipMessage.Version20 };
        return true;
    }

    private static bool IsVersionSyntax(string v)
    {
        if (v.Length < 7 || !v.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase)) return false;
        var nums = v.AsSpan(4);
        int dot = nums.IndexOf('.');
        return dot > 0 && SipGrammar.IsDigits(nums[..dot]) && SipGrammar.IsDigits(nums[(dot + 1)..]);
    }
}
