using System.Globalization;
using System.Net;
using System.Text;

namespace Mcptt.Client.Sip;

/// <summary>
/// What the client offers (or answers with): one audio stream (PCMU, PCMA) and the MCPTT floor
/// control channel (TS 24.380 §12.1.2: <c>m=application &lt;port&gt; udp MCPTT</c> + <c>a=fmtp:MCPTT</c>).
/// </summary>
public sealed record McpttOffer(IPAddress Address, int AudioPort, int FloorPort)
{
    /// <summary>mc_priority: the highest floor priority asked for (1..255); null omits it.</summary>
    public byte? Priority { get; init; }

    public bool Queueing { get; init; }

    public bool ImplicitRequest { get; init; }

    public bool Granted { get; init; }

    /// <summary>False for a plain audio call without floor control (no m=application).</summary>
    public bool FloorControl { get; init; } = true;

    /// <summary>The fmtp parameter list, e.g. <c>mc_queueing;mc_priority=5;mc_implicit_request</c>.</summary>
    public string FmtpParameters
    {
        get
        {
            var parameters = new List<string>(4);
            if (Queueing) parameters.Add("mc_queueing");
            if (Priority is { } p) parameters.Add("mc_priority=" + p.ToString(CultureInfo.InvariantCulture));
            if (Granted) parameters.Add("mc_granted");
            if (ImplicitRequest) parameters.Add("mc_implicit_request");
            return string.Join(';', parameters);
        }
    }

    public string ToSdp(ulong sessionId, ulong version)
    {
        string ipVersion = Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var sdp = new StringBuilder(256);
        sdp.Append("v=0\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"o=mcptt-client {sessionId} {version} IN {ipVersion} {Address}\r\n");
        sdp.Append("s=mcptt-client\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"c=IN {ipVersion} {Address}\r\n");
        sdp.Append("t=0 0\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"m=audio {AudioPort} RTP/AVP 0 8\r\n");
        sdp.Append("i=speech\r\n");
        sdp.Append("a=rtpmap:0 PCMU/8000\r\n");
        sdp.Append("a=rtpmap:8 PCMA/8000\r\n");
        sdp.Append("a=ptime:20\r\n");
        sdp.Append("a=sendrecv\r\n");
        if (FloorControl)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"m=application {FloorPort} udp MCPTT\r\n");
            // The fmtp ABNF needs at least one parameter, so an empty list means no a=fmtp line;
            // a rejected stream (port 0) carries no attributes.
            string fmtp = FmtpParameters;
            if (fmtp.Length > 0 && FloorPort != 0)
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a=fmtp:MCPTT {fmtp}\r\n");
            }
        }

        return sdp.ToString();
    }
}
