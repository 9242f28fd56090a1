using System.Globalization;
using System.Text;

namespace Mcptt.Signaling.Sdp;

/// <summary>Serializes in the RFC 4566 §5 order with CRLF line ends.</summary>
public static class SdpWriter
{
    public static string Write(SessionDescription sdp)
    {
        var sb = new StringBuilder(512);
        Line(sb, 'v', "0");
        Line(sb, 'o', sdp.Origin.ToString());
        Line(sb, 's', sdp.SessionName);
        if (sdp.Information is not null) Line(sb, 'i', sdp.Information);
        if (sdp.Uri is not null) Line(sb, 'u', sdp.Uri);
        foreach (var email in sdp.Emails) Line(sb, 'e', email);
        foreach (var phone in sdp.Phones) Line(sb, 'p', phone);
        if (sdp.Connection is not null) Line(sb, 'c', sdp.Connection.ToString());
        foreach (var bandwidth in sdp.Bandwidths) Line(sb, 'b', bandwidth);
        foreach (var (type, value) in sdp.Timing) Line(sb, type, value);
        if (sdp.TimeZones is not null) Line(sb, 'z', sdp.TimeZones);
        if (sdp.Key is not null) Line(sb, 'k', sdp.Key);
        foreach (var attribute in sdp.Attributes) Line(sb, 'a', attribute.ToString());
        foreach (var media in sdp.Media)
        {
            sb.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
            if (media.PortCount is { } count) sb.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
            sb.Append(' ').Append(media.Proto);
            foreach (var format in media.Formats) sb.Append(' ').Append(format);
            sb.Append("\r\n");
            if (media.Information is not null) Line(sb, 'i', media.Information);
            foreach (var connection in media.Connections) Line(sb, 'c', connection.ToString());
            foreach (var bandwidth in media.Bandwidths) Line(sb, 'b', bandwidth);
            if (media.Key is not null) Line(sb, 'k', media.Key);
            foreach (var attribute in media.Attributes) Line(sb, 'a', attribute.ToString());
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, char type, string value)
        => sb.Append(type).Append('=').Append(value).Append("\r\n");
}
