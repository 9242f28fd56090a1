using System.Globalization;
using System.Text;

namespace Mcptt.Floor.Sdp;

/// <summary>
/// The parameters of <c>a=fmtp:MCPTT ...</c> on the media plane control channel
/// (TS 24.380 §12.1.2; semantics in §12.1.2.2, syntax table 12.1.2.3-1).
/// </summary>
public sealed record McpttFmtp
{
    /// <summary>The fmtp format token of the floor control m-line (<c>m=application &lt;port&gt; udp MCPTT</c>).</summary>
    public const string Format = "MCPTT";

    /// <summary>Longest parameter list accepted; anything bigger is hostile.</summary>
    public const int MaxLength = 1024;

    public bool Queueing { get; init; }
    /// <summary>1..255; null = not present (the default priority applies, §12.1.2.2 NOTE 1).</summary>
    public byte? Priority { get; init; }
    public bool Granted { get; init; }
    public bool ImplicitRequest { get; init; }
    public uint? Ssrc { get; init; }
    public bool NoFloorControl { get; init; }

    /// <summary>
    /// Parses the parameter list. Accepts the bare list (<c>mc_queueing;mc_priority=5</c>), the
    /// attribute value (<c>MCPTT mc_queueing;...</c>) or the whole line (<c>a=fmtp:MCPTT ...</c>).
    /// </summary>
    public static McpttFmtpParseResult Parse(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength) return McpttFmtpParseResult.Fail($"fmtp:MCPTT longer than {MaxLength} characters");
        text = text.Trim();
        if (text.StartsWith("a=fmtp:", StringComparison.Ordinal)) text = text.Slice(7);
        if (text.StartsWith(Format, StringComparison.Ordinal)
            && (text.Length == Format.Length || text[Format.Length] is ' ' or '\t'))
        {
            text = text.Slice(Format.Length).TrimStart();
        }
        if (text.IsEmpty) return McpttFmtpParseResult.Fail("fmtp:MCPTT has an empty parameter list");

        bool queueing = false, granted = false, implicitRequest = false, noFloorControl = false;
        byte? priority = null;
        uint? ssrc = null;
        int index = 0;
        // The ABNF joins parameters with "COLON", but every published example and every
        // implementation (vectorcore-mcx, CIMS fixtures, NS3's SDP builder) uses ';' — as fmtp
        // parameter lists conventionally do (RFC 4566 format-specific-params). ';' is the separator.
        foreach (var range in text.Split(';'))
        {
            index++;
            var item = text[range].Trim();
            if (item.IsEmpty)
                return McpttFmtpParseResult.Fail($"fmtp:MCPTT parameter {index} is empty (stray ';')");
            int eq = item.IndexOf('=');
            var name = eq < 0 ? item : item.Slice(0, eq);
            var value = eq < 0 ? ReadOnlySpan<char>.Empty : item.Slice(eq + 1);
            switch (name)
            {
                case "mc_queueing":
                    if (!Flag(ref queueing, "mc_queueing", eq, out var e1)) return e1;
                    break;
                case "mc_granted":
                    if (!Flag(ref granted, "mc_granted", eq, out var e2)) return e2;
                    break;
                case "mc_implicit_request":
                    if (!Flag(ref implicitRequest, "mc_implicit_request", eq, out var e3)) return e3;
                    break;
                case "mc_no_floor_ctrl":
                    if (!Flag(ref noFloorControl, "mc_no_floor_ctrl", eq, out var e4)) return e4;
                    break;
                case "mc_priority":
                    if (priority.HasValue) return McpttFmtpParseResult.Fail("fmtp:MCPTT mc_priority appears twice");
                    // ABNF says 1*2DIGIT, but §12.1.2.2 defines the range as 1..255, which needs
                    // three digits: accept 1..3 digits and enforce 1..255.
                    if (eq < 0 || value.IsEmpty || value.Length > 3 || !AllDigits(value))
                        return McpttFmtpParseResult.Fail($"fmtp:MCPTT mc_priority must be 1 to 3 digits, got '{Show(value, eq)}'");
                    int p = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    if (p is < 1 or > 255)
                        return McpttFmtpParseResult.Fail($"fmtp:MCPTT mc_priority {p} out of range 1..255");
                    priority = (byte)p;
                    break;
                case "mc_ssrc":
                    if (ssrc.HasValue) return McpttFmtpParseResult.Fail("fmtp:MCPTT mc_ssrc appears twice");
                    if (eq < 0 || value.IsEmpty || value.Length > 10 || !AllDigits(value)
                        || !ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) || s > uint.MaxValue)
                        return McpttFmtpParseResult.Fail($"fmtp:MCPTT mc_ssrc must be a decimal 32-bit value, got '{Show(value, eq)}'");
                    ssrc = (uint)s;
                    break;
                default:
                    if (!IsToken(name) || (eq >= 0 && !IsValueText(value)))
                        return McpttFmtpParseResult.Fail($"fmtp:MCPTT parameter {index} '{Truncate(item)}' is malformed");
                    // Later releases add parameters; an unknown but well-formed one is ignored so
                    // that the answer simply does not echo it (RFC 3264 offer/answer rules).
                    break;
            }
        }
        return McpttFmtpParseResult.Ok(new McpttFmtp
        {
            Queueing = queueing,
            Priority = priority,
            Granted = granted,
            ImplicitRequest = implicitRequest,
            Ssrc = ssrc,
            NoFloorControl = noFloorControl,
        });
    }

    /// <summary>The parameter list, e.g. <c>mc_queueing;mc_priority=5</c>; empty when nothing is set.</summary>
    public string FormatParameters()
    {
        var sb = new StringBuilder(64);
        if (Queueing) Append(sb, "mc_queueing");
        if (Priority is { } p) Append(sb, "mc_priority=").Append(p.ToString(CultureInfo.InvariantCulture));
        if (Granted) Append(sb, "mc_granted");
        if (ImplicitRequest) Append(sb, "mc_implicit_request");
        if (Ssrc is { } s) Append(sb, "mc_ssrc=").Append(s.ToString(CultureInfo.InvariantCulture));
        if (NoFloorControl) Append(sb, "mc_no_floor_ctrl");
        return sb.ToString();
    }

    /// <summary>The full attribute line without CRLF (<c>a=fmtp:MCPTT ...</c>), or null when there are no parameters.</summary>
    public string? FormatAttributeLine()
    {
        var parameters = FormatParameters();
        return parameters.Length == 0 ? null : "a=fmtp:" + Format + " " + parameters;
    }

    private static StringBuilder Append(StringBuilder sb, string item)
    {
        if (sb.Length > 0) sb.Append(';');
        return sb.Append(item);
    }

    private static bool Flag(ref bool flag, string name, int eq, out McpttFmtpParseResult error)
    {
        error = default;
        if (eq >= 0) { error = McpttFmtpParseResult.Fail($"fmtp:MCPTT {name} takes no value"); return false; }
        if (flag) { error = McpttFmtpParseResult.Fail($"fmtp:MCPTT {name} appears twice"); return false; }
        flag = true;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (c is < '0' or > '9') return false;
        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        return true;
    }

    private static bool IsValueText(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (c is < '!' or > '~' || c == ';') return false;
        return true;
    }

    private static string Show(ReadOnlySpan<char> value, int eq) => eq < 0 ? "(no value)" : Truncate(value);

    private static string Truncate(ReadOnlySpan<char> s) => s.Length <= 32 ? s.ToString() : string.Concat(s.Slice(0, 32), "...");
}

/// <summary>Parse outcome: a value, or a human-readable reason fit for a SIP 488 Warning header.</summary>
public readonly record struct McpttFmtpParseResult(McpttFmtp? Value, string? Error)
{
    public bool Success => Value is not null;

    public static McpttFmtpParseResult Ok(McpttFmtp value) => new(value, null);

    public static McpttFmtpParseResult Fail(string error) => new(null, error);
}
