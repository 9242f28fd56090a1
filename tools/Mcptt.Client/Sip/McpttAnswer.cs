using System.Globalization;
using System.Net;

namespace Mcptt.Client.Sip;

/// <summary>
/// The parts of a remote SDP the client needs: where to send audio and floor messages, and the
/// negotiated MCPTT fmtp parameters. Tolerant: unknown lines are ignored, sizes are bounded.
/// </summary>
public sealed record McpttAnswer
{
    private const int MaxSdpLength = 16 * 1024;
    private const int MaxLines = 256;

    public IPEndPoint? Audio { get; init; }

    public IPEndPoint? Floor { get; init; }

    /// <summary>An m=application ... MCPTT line was present (even with port 0): an answer must carry one too.</summary>
    public bool FloorOffered { get; init; }

    /// <summary>The payload types listed on m=audio, in preference order.</summary>
    public IReadOnlyList<int> AudioPayloadTypes { get; init; } = [];

    /// <summary>The a=fmtp:MCPTT parameter list as received, or null without one.</summary>
    public string? FloorFmtp { get; init; }

    public bool Queueing => HasFmtp("mc_queueing");

    public bool Granted => HasFmtp("mc_granted");

    public bool ImplicitRequest => HasFmtp("mc_implicit_request");

    public int? Priority => FmtpValue("mc_priority");

    /// <summary>mc_ssrc: an RTP SSRC, so any 32-bit unsigned value (0..4294967295); null when absent or not a number in that range.</summary>
    public uint? McSsrc =>
        uint.TryParse(FmtpValueText("mc_ssrc"), NumberStyles.None, CultureInfo.InvariantCulture, out uint v) ? v : null;

    /// <summary>Parses an SDP body; null when it has no usable audio or application stream.</summary>
    public static McpttAnswer? TryParse(string? sdp)
    {
        if (string.IsNullOrEmpty(sdp) || sdp.Length > MaxSdpLength)
        {
            return null;
        }

        IPAddress? sessionAddress = null, mediaAddress = null;
        string? currentMedia = null;
        int audioPort = -1, floorPort = -1;
        bool floorLine = false;
        IPAddress? audioAddress = null, floorAddress = null;
        var payloadTypes = new List<int>();
        string? fmtp = null;
        int lines = 0;
        foreach (string raw in sdp.Split('\n'))
        {
            if (++lines > MaxLines)
            {
                break;
            }

            string line = raw.TrimEnd('\r');
            if (line.Length < 2 || line[1] != '=')
            {
                continue;
            }

            string value = line[2..];
            switch (line[0])
            {
                case 'c':
                    IPAddress? address = ParseConnection(value);
                    if (currentMedia is null) sessionAddress = address;
                    else mediaAddress = address;
                    if (currentMedia == "audio") audioAddress = address;
                    if (currentMedia == "application") floorAddress = address;
                    break;
                case 'm':
                    mediaAddress = null;
                    string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    currentMedia = parts.Length > 0 ? parts[0] : "?";
                    if (parts.Length < 3 || !int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
                    {
                        currentMedia = "?";
                        break;
                    }

                    if (currentMedia == "audio" && audioPort < 0)
                    {
                        audioPort = port;
                        for (int i = 3; i < parts.Length && payloadTypes.Count < 32; i++)
                        {
                            if (int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int pt)) payloadTypes.Add(pt);
                        }
                    }
                    else if (currentMedia == "application" && floorPort < 0 && parts[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
                             && parts.Length > 3 && parts[3].Equals("MCPTT", StringComparison.OrdinalIgnoreCase))
                    {
                        floorPort = port;
                        floorLine = true;
                    }
                    else
                    {
                        currentMedia = "?";
                    }

                    break;
                case 'a':
                    if (currentMedia == "application" && value.StartsWith("fmtp:MCPTT", StringComparison.OrdinalIgnoreCase))
                    {
                        fmtp = value[10..].Trim();
                    }

                    break;
            }
        }

        IPAddress? audioTarget = audioAddress ?? sessionAddress;
        IPAddress? floorTarget = floorAddress ?? sessionAddress;
        if ((audioPort <= 0 || audioTarget is null) && (floorPort <= 0 || floorTarget is null))
        {
            return null;
        }

        // Port 0 means the stream was rejected (RFC 3264 §6).
        return new McpttAnswer
        {
            Audio = audioPort > 0 && audioTarget is not null ? new IPEndPoint(audioTarget, audioPort) : null,
            Floor = floorPort > 0 && floorTarget is not null ? new IPEndPoint(floorTarget, floorPort) : null,
            AudioPayloadTypes = payloadTypes,
            FloorFmtp = fmtp,
            FloorOffered = floorLine,
        };
    }

    private static IPAddress? ParseConnection(string value)
    {
        // c=IN IP4 192.0.2.1[/ttl]
        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && IPAddress.TryParse(parts[2].Split('/')[0], out IPAddress? address) ? address : null;
    }

    private bool HasFmtp(string name) => FmtpValueText(name) is not null;

    private int? FmtpValue(string name) =>
        int.TryParse(FmtpValueText(name), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    private string? FmtpValueText(string name)
    {
        if (FloorFmtp is null)
        {
            return null;
        }

        foreach (string parameter in FloorFmtp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = parameter.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? parameter : parameter[..eq];
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return eq < 0 ? string.Empty : parameter[(eq + 1)..];
            }
        }

        return null;
    }
}
