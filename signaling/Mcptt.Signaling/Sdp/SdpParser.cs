using System.Globalization;
using System.Text;

namespace Mcptt.Signaling.Sdp;

/// <summary>
/// RFC 4566 parser for untrusted input. Bounded by <see cref="SdpLimits"/>; every rejection is an
/// <see cref="SdpParseResult"/> with a reason short enough for a Warning header. Accepts LF as well
/// as CRLF line ends and ignores empty lines (robustness); rejects unknown line types, since RFC 4566
/// §5 tells a parser not to half-understand a description.
/// </summary>
public static class SdpParser
{
    public static SdpParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > SdpLimits.MaxBytes) return SdpParseResult.Fail($"SDP larger than {SdpLimits.MaxBytes} bytes");
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return SdpParseResult.Fail("SDP is not valid UTF-8");
        }
        return Parse(text);
    }

    public static SdpParseResult Parse(string text)
    {
        if (text.Length > SdpLimits.MaxBytes) return SdpParseResult.Fail($"SDP larger than {SdpLimits.MaxBytes} bytes");
        var sdp = new SessionDescription();
        SdpMedia? media = null;
        int lineCount = 0;
        int expect = 0; // 0: v, 1: o, 2: s, 3: anything
        int position = 0;
        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(position, end - position);
            position = end + 1;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty) continue;
            if (++lineCount > SdpLimits.MaxLines) return SdpParseResult.Fail($"SDP has more than {SdpLimits.MaxLines} lines");
            if (line.Length > SdpLimits.MaxLineLength) return SdpParseResult.Fail($"SDP line {lineCount} longer than {SdpLimits.MaxLineLength}");
            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
                return SdpParseResult.Fail($"SDP line {lineCount} is not <type>=<value>");
            if (line.IndexOfAny('\0', '\r') >= 0) return SdpParseResult.Fail($"SDP line {lineCount} contains a control character");
            char type = line[0];
            string value = line[2..].ToString();

            if (expect < 3)
            {
                char wanted = expect == 0 ? 'v' : expect == 1 ? 'o' : 's';
                if (type != wanted) return SdpParseResult.Fail($"SDP line {lineCount}: expected {wanted}= but found {type}=");
                string? error = expect switch
                {
                    0 => value == "0" ? null : "unsupported SDP version (v= must be 0)",
                    1 => ParseOrigin(value, sdp),
                    _ => SetSessionName(value, sdp),
                };
                if (error is not null) return SdpParseResult.Fail(error);
                expect++;
                continue;
            }

            string? failure = media is null ? SessionLine(type, value, sdp, ref media) : MediaLine(type, value, sdp, ref media);
            if (failure is not null) return SdpParseResult.Fail($"SDP line {lineCount}: {failure}");
        }
        if (expect < 3) return SdpParseResult.Fail("SDP is missing v=, o= or s=");
        for (int i = 0; i < sdp.Media.Count; i++)
            if (sdp.Media[i].Port != 0 && sdp.Media[i].EffectiveConnection(sdp) is null)
                return SdpParseResult.Fail($"SDP media {i} has no c= line and there is no session-level c=");
        return SdpParseResult.Success(sdp);
    }

    private static string? SetSessionName(string value, SessionDescription sdp)
    {
        sdp.SessionName = value;
        return null;
    }

    private static string? SessionLine(char type, string value, SessionDescription sdp, ref SdpMedia? media)
    {
        switch (type)
        {
            case 'i': sdp.Information = value; return null;
            case 'u': sdp.Uri = value; return null;
            case 'e': sdp.Emails.Add(value); return null;
            case 'p': sdp.Phones.Add(value); return null;
            case 'c':
                if (sdp.Connection is not null) return "second session-level c=";
                if (ParseConnection(value, out var connection) is { } error) return error;
                sdp.Connection = connection;
                return null;
            case 'b': sdp.Bandwidths.Add(value); return null;
            case 't':
            case 'r': sdp.Timing.Add((type, value)); return null;
            case 'z': sdp.TimeZones = value; return null;
            case 'k': sdp.Key = value; return null;
            case 'a': sdp.Attributes.Add(ParseAttribute(value)); return null;
            case 'm': return StartMedia(value, sdp, ref media);
            default: return $"unexpected {type}= at session level";
        }
    }

    private static string? MediaLine(char type, string value, SessionDescription sdp, ref SdpMedia? media)
    {
        var current = media!;
        switch (type)
        {
            case 'i': current.Information = value; return null;
            case 'c':
                if (ParseConnection(value, out var connection) is { } error) return error;
                current.Connections.Add(connection!);
                return null;
            case 'b': current.Bandwidths.Add(value); return null;
            case 'k': current.Key = value; return null;
            case 'a': current.Attributes.Add(ParseAttribute(value)); return null;
            case 'm': return StartMedia(value, sdp, ref media);
            default: return $"unexpected {type}= inside a media section";
        }
    }

    private static string? ParseOrigin(string value, SessionDescription sdp)
    {
        var parts = value.Split(' ');
        if (parts.Length != 6 || Array.Exists(parts, p => p.Length == 0)) return "o= must have 6 space-separated fields";
        if (!IsDigits(parts[1]) || !IsDigits(parts[2])) return "o= session id and version must be numeric";
        sdp.Origin = new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        return null;
    }

    private static string? ParseConnection(string value, out SdpConnection? connection)
    {
        connection = null;
        var parts = value.Split(' ');
        if (parts.Length != 3 || Array.Exists(parts, p => p.Length == 0)) return "c= must be <nettype> <addrtype> <address>";
        connection = new SdpConnection(parts[0], parts[1], parts[2]);
        return null;
    }

    private static string? StartMedia(string value, SessionDescription sdp, ref SdpMedia? media)
    {
        if (sdp.Media.Count >= SdpLimits.MaxMediaSections) return $"more than {SdpLimits.MaxMediaSections} m= lines";
        var parts = value.Split(' ');
        if (parts.Length < 4 || Array.Exists(parts, p => p.Length == 0)) return "m= must be <media> <port> <proto> <fmt> ...";
        if (parts.Length - 3 > SdpLimits.MaxFormatsPerMedia) return $"m= has more than {SdpLimits.MaxFormatsPerMedia} formats";
        var next = new SdpMedia { Media = parts[0], Proto = parts[2] };
        var portText = parts[1];
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
                return "m= port count is not a positive number";
            next.PortCount = count;
            portText = portText[..slash];
        }
        if (!TryParsePort(portText, out int port)) return "m= port is not a number in 0..65535";
        next.Port = port;
        for (int i = 3; i < parts.Length; i++) next.Formats.Add(parts[i]);
        sdp.Media.Add(next);
        media = next;
        return null;
    }

    private static SdpAttribute ParseAttribute(string value)
    {
        int colon = value.IndexOf(':');
        return colon < 0 ? new SdpAttribute(value, null) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
    }

    internal static bool TryParsePort(string text, out int port)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535 && text.Length <= 5;

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
            if (c is < '0' or > '9') return false;
        return text.Length is > 0 and <= 40;
    }
}
