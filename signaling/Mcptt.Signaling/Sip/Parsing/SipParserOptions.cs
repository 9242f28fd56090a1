namespace Mcptt.Signaling.Sip;

/// <summary>Bounds applied to every message; hostile input must not grow memory beyond these.</summary>
public sealed class SipParserOptions
{
    public static readonly SipParserOptions Default = new();

    /// <summary>Largest accepted message (start line + headers + body), in bytes. UDP payload limit by default.</summary>
    public int MaxMessageSize { get; init; } = 65535;

    /// <summary>Most header fields (after unfolding) in one message.</summary>
    public int MaxHeaders { get; init; } = 256;

    /// <summary>Longest physical line and longest unfolded header field, in characters.</summary>
    public int MaxLineLength { get; init; } = 8192;
}

/// <summary>How the message boundary is found: a whole datagram, or Content-Length framing on a stream.</summary>
public enum SipFraming
{
    Datagram,
    Stream,
}
