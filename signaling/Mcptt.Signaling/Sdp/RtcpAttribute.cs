namespace Mcptt.Signaling.Sdp;

/// <summary>RFC 3605: a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;].</summary>
public sealed record RtcpAttribute(int Port, SdpConnection? Connection)
{
    public override string ToString() => Connection is null ? Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{Port} {Connection}";

    public static bool TryParse(string value, out RtcpAttribute? rtcp)
    {
        rtcp = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (1 or 4)) return false;
        if (!SdpParser.TryParsePort(parts[0], out int port)) return false;
        rtcp = new RtcpAttribute(port, parts.Length == 4 ? new SdpConnection(parts[1], parts[2], parts[3]) : null);
        return true;
    }
}
