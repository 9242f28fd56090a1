namespace Mcptt.Signaling.Sip;

/// <summary>TCP listener limits. Each bounds what one misbehaving peer can hold.</summary>
public sealed class SipTcpOptions
{
    /// <summary>Open connections (inbound + outbound); more are refused and counted. Trade-off: fd usage vs. client count.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>A message whose first byte arrived this long ago and is still incomplete closes the connection (slowloris guard).</summary>
    public TimeSpan IncompleteMessageTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection with no bytes at all for this long is closed. Long, because registered clients keep
    /// their connection for requests towards them (RFC 5626 CRLF keep-alives arrive every 30-120 s).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Outbound connect attempts give up after this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages queued for one connection; a peer that does not read loses the excess (counted).</summary>
    public int MaxQueuedMessages { get; init; } = 256;
}
