using System.Globalization;
using System.Text;

namespace Mcptt.Signaling.Sip;

/// <summary>One via-parm (RFC 3261 §20.42, RFC 3581 rport).</summary>
public sealed class Via
{
    /// <summary>RFC 3261 branch prefix meaning "this branch is a globally unique transaction id".</summary>
    public const string MagicCookie = "z9hG4bK";

    public Via(string transport, string host, int? port = null, string? branch = null)
    {
        Transport = transport.ToUpperInvariant();
        Host = host;
        Port = port;
        if (branch is not null) Parameters.Set("branch", branch);
    }

    public string ProtocolName { get; set; } = "SIP";
    public string ProtocolVersion { get; set; } = "2.0";

    /// <summary>Upper-case transport: UDP, TCP, TLS, SCTP, WS, or anything else received.</summary>
    public string Transport { get; set; }

    public string Host { get; set; }
    public int? Port { get; set; }
    public SipParameters Parameters { get; private init; } = new();

    public string? Branch
    {
        get => Parameters.Get("branch");
        set { if (value is null) Parameters.Remove("branch"); else Parameters.Set("branch", value); }
    }

    /// <summary>True when the branch starts with the RFC 3261 magic cookie (and has more after it).</summary>
    public bool HasRfc3261Branch =>
        Branch is { } b && b.Length > MagicCookie.Length && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    public string? Received
    {
        get => Parameters.Get("received");
        set { if (value is null) Parameters.Remove("received"); else Parameters.Set("received", value); }
    }

    /// <summary>RFC 3581: rport present (with or without a value).</summary>
    public bool HasRPort => Parameters.Has("rport");

    /// <summary>RFC 3581 rport value; null when absent or empty. Setting writes "rport=N".</summary>
    public int? RPort
    {
        get => Parameters.Get("rport") is { } v && SipGrammar.TryParseBounded(v, 65535, out long p) ? (int)p : null;
        set { if (value is null) Parameters.Remove("rport"); else Parameters.Set("rport", value.Value.ToString(CultureInfo.InvariantCulture)); }
    }

    public string? Maddr => Parameters.Get("maddr");

    /// <summary>The port to use when none is given (5061 for TLS, 5060 otherwise).</summary>
    public int PortOrDefault => Port ?? (Transport == "TLS" ? 5061 : 5060);

    public string SentBy => Port is int p ? Host + ":" + p.ToString(CultureInfo.InvariantCulture) : Host;

    public Via Clone() => new(Transport, Host, Port)
    {
        ProtocolName = ProtocolName,
        ProtocolVersion = ProtocolVersion,
        Parameters = Parameters.Clone(),
    };

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport)
          .Append(' ').Append(SentBy).Append(Parameters.ToString());
        return sb.ToString();
    }

    public static Via Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"invalid Via '{text}'");

    /// <summary>sent-protocol LWS sent-by *( SEMI via-params ), with SWS allowed around '/' and ':'.</summary>
    public static bool TryParse(string text, out Via via)
    {
        via = null!;
        var s = SipGrammar.TrimLws(text.AsSpan());
        int i = 0;
        if (!ReadToken(s, ref i, out var name)) return false;
        if (!Expect(s, ref i, '/')) return false;
        if (!ReadToken(s, ref i, out var version)) return false;
        if (!Expect(s, ref i, '/')) return false;
        if (!ReadToken(s, ref i, out var transport)) return false;
        int hostStart = SkipLws(s, i);
        if (hostStart == i) return false;
        i = hostStart;
        // sent-by: host [ COLON port ]; IPv6 references are bracketed.
        int hostEnd = i;
        if (i < s.Length && s[i] == '[')
        {
            int close = s[i..].IndexOf(']');
            if (close < 0) return false;
            hostEnd = i + close + 1;
        }
        else
        {
            while (hostEnd < s.Length && (char.IsAsciiLetterOrDigit(s[hostEnd]) || s[hostEnd] is '-' or '.' or '_')) hostEnd++;
        }
        var hostText = s[i..hostEnd];
        int j = SkipLws(s, hostEnd);
        ReadOnlySpan<char> portText = default;
        if (j < s.Length && s[j] == ':')
        {
            int p0 = SkipLws(s, j + 1);
            int p1 = p0;
            while (p1 < s.Length && char.IsAsciiDigit(s[p1])) p1++;
            portText = s[p0..p1];
            if (portText.IsEmpty) return false;
            hostEnd = p1;
        }
        string combined = portText.IsEmpty ? hostText.ToString() : hostText.ToString() + ":" + portText.ToString();
        if (!SipUri.TryParseHostPort(combined, out string host, out int? port)) return false;
        if (!SipParameters.TryParseHeaderParams(s[hostEnd..], out var parameters)) return false;
        foreach (var p in parameters)
        {
            // RFC 3261/3581 value grammar for the parameters routing depends on.
            if (p.Name.Equals("rport", StringComparison.OrdinalIgnoreCase) && p.Value is not null
                && !SipGrammar.TryParseBounded(p.Value, 65535, out _)) return false;
            if (p.Name.Equals("branch", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(p.Value)) return false;
            if (p.Name.Equals("ttl", StringComparison.OrdinalIgnoreCase)
                && (p.Value is null || !SipGrammar.TryParseBounded(p.Value, 255, out _))) return false;
        }
        via = new Via(transport.ToString(), host, port)
        {
            ProtocolName = name.ToString(),
            ProtocolVersion = version.ToString(),
            Parameters = parameters,
        };
        return true;
    }

    /// <summary>Parses every via-parm of a (possibly comma-separated) Via value.</summary>
    public static bool TryParseList(string value, List<Via> into)
    {
        foreach (var part in HeaderValueSplitter.Split(value))
        {
            if (!TryParse(part, out var v)) return false;
            into.Add(v);
        }
        return true;
    }

    private static bool ReadToken(ReadOnlySpan<char> s, ref int i, out ReadOnlySpan<char> token)
    {
        i = SkipLws(s, i);
        int start = i;
        while (i < s.Length && SipGrammar.IsTokenChar(s[i])) i++;
        token = s[start..i];
        return !token.IsEmpty;
    }

    private static bool Expect(ReadOnlySpan<char> s, ref int i, char c)
    {
        i = SkipLws(s, i);
        if (i >= s.Length || s[i] != c) return false;
        i++;
        return true;
    }

    private static int SkipLws(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && SipGrammar.IsWhitespace(s[i])) i++;
        return i;
    }
}
