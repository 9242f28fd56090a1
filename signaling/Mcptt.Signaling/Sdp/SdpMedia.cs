namespace Mcptt.Signaling.Sdp;

/// <summary>
/// One media section: the m= line and the lines under it (i, c, b, k, a).
/// Mutable so the anchoring code can rewrite a clone; parse results are never shared between calls.
/// </summary>
public sealed class SdpMedia
{
    public string Media { get; set; } = "audio";
    public int Port { get; set; }
    /// <summary>The optional "/&lt;number of ports&gt;" of the m= line.</summary>
    public int? PortCount { get; set; }
    public string Proto { get; set; } = "RTP/AVP";
    public List<string> Formats { get; } = new();
    public string? Information { get; set; }
    public List<SdpConnection> Connections { get; } = new();
    public List<string> Bandwidths { get; } = new();
    public string? Key { get; set; }
    public List<SdpAttribute> Attributes { get; } = new();

    /// <summary>The media-level c= if present, else the session-level one.</summary>
    public SdpConnection? EffectiveConnection(SessionDescription session)
        => Connections.Count > 0 ? Connections[0] : session.Connection;

    public MediaDirection Direction
    {
        get => SdpAttributes.GetDirection(Attributes);
        set => SdpAttributes.SetDirection(Attributes, value);
    }

    /// <summary>Present when the section carries a=rtcp-mux (RFC 5761).</summary>
    public bool RtcpMux => SdpAttributes.Find(Attributes, "rtcp-mux") is not null;

    /// <summary>The a=rtcp (RFC 3605) attribute parsed, or null when absent or malformed.</summary>
    public RtcpAttribute? Rtcp
        => SdpAttributes.Find(Attributes, "rtcp") is { Value: { } value } && RtcpAttribute.TryParse(value, out var rtcp) ? rtcp : null;

    /// <summary>The raw parameters of a=fmtp:&lt;format&gt; (e.g. "mc_priority=7;mc_granted" for MCPTT), or null.</summary>
    public string? GetFmtp(string format)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name != "fmtp" || attribute.Value is null) continue;
            var value = attribute.Value;
            int space = value.IndexOf(' ');
            var fmt = space < 0 ? value : value[..space];
            if (string.Equals(fmt, format, StringComparison.OrdinalIgnoreCase))
                return space < 0 ? string.Empty : value[(space + 1)..];
        }
        return null;
    }

    /// <summary>m=application &lt;port&gt; udp MCPTT: the TS 24.380 media plane control channel.</summary>
    public bool IsMcpttFloorChannel
        => Media == "application"
           && string.Equals(Proto, "udp", StringComparison.OrdinalIgnoreCase)
           && Formats.Exists(f => string.Equals(f, "MCPTT", StringComparison.OrdinalIgnoreCase));

    /// <summary>RTP over UDP with the AVP or AVPF profile (RFC 3551 / RFC 4585).</summary>
    public bool IsPlainRtp => Proto is "RTP/AVP" or "RTP/AVPF";

    public SdpMedia Clone()
    {
        var copy = new SdpMedia
        {
            Media = Media, Port = Port, PortCount = PortCount, Proto = Proto,
            Information = Information, Key = Key,
        };
        copy.Formats.AddRange(Formats);
        copy.Connections.AddRange(Connections);
        copy.Bandwidths.AddRange(Bandwidths);
        copy.Attributes.AddRange(Attributes);
        return copy;
    }
}
