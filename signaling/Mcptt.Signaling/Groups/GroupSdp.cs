using System.Globalization;
using System.Net;
using Mcptt.Floor.Sdp;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Groups;

/// <summary>
/// What a member's SDP (an offer to the group URI, or an answer to our offer) says about the two streams a
/// group call uses: the first relayable audio section and the first <c>m=application udp MCPTT</c> floor
/// channel with its <c>a=fmtp:MCPTT</c> parameters. A member without a floor channel is a legacy phone.
/// </summary>
internal sealed record MemberSdp(
    SessionDescription Sdp,
    AnchorPlan Plan,
    AnchorStream Audio,
    AnchorStream? Floor,
    McpttFmtp? Fmtp,
    int PayloadType)
{
    public bool Legacy => Floor is null;
}

/// <summary>A reason for "488 Not Acceptable Here" with its Warning code.</summary>
internal readonly record struct SdpRejection(int WarningCode, string Text);

internal static class GroupSdp
{
    /// <summary>Static payload types every member can relay without transcoding, in preference order.</summary>
    private static readonly int[] RelayablePayloadTypes = [0, 8];

    /// <summary>
    /// Reads a member's SDP. <paramref name="payloadType"/> is the group call's codec once chosen (null: choose PCMU,
    /// else PCMA, from the offer). Malformed or out-of-range fmtp:MCPTT is a rejection, not a silent default.
    /// </summary>
    public static (MemberSdp? Sdp, SdpRejection Rejection) Read(SessionDescription sdp, int? payloadType)
    {
        var assessment = SdpAnchor.Assess(sdp);
        if (!assessment.Ok) return (null, new SdpRejection(assessment.WarningCode, assessment.Reason));
        AnchorStream? audio = null, floor = null;
        McpttFmtp? fmtp = null;
        int chosen = -1;
        var streams = new AnchorStream?[sdp.Media.Count];
        foreach (var stream in assessment.Plan.Streams)
        {
            if (stream is null) continue;
            var media = sdp.Media[stream.MediaIndex];
            if (stream.Kind == AnchorStreamKind.Rtp && audio is null && media.Media == "audio")
            {
                chosen = ChoosePayloadType(media, payloadType);
                if (chosen < 0) continue;
                audio = stream;
                streams[stream.MediaIndex] = stream;
            }
            else if (stream.Kind == AnchorStreamKind.FloorControl && floor is null)
            {
                var raw = media.GetFmtp(McpttFmtp.Format);
                if (raw is not null)
                {
                    var parsed = McpttFmtp.Parse(raw);
                    if (!parsed.Success) return (null, new SdpRejection(399, parsed.Error!));
                    fmtp = parsed.Value;
                }
                else
                {
                    fmtp = new McpttFmtp();
                }
                floor = stream;
                streams[stream.MediaIndex] = stream;
            }
        }
        if (audio is null)
        {
            string codec = payloadType is { } pt ? $"payload type {pt.ToString(CultureInfo.InvariantCulture)}" : "PCMU (0) or PCMA (8)";
            return (null, new SdpRejection(SdpAnchor.WarningIncompatibleMediaFormat, $"group calls need an RTP/AVP audio stream with {codec}"));
        }
        return (new MemberSdp(sdp, new AnchorPlan(streams), audio, floor, fmtp, chosen), default);
    }

    private static int ChoosePayloadType(SdpMedia media, int? required)
    {
        if (required is { } r) return media.Formats.Contains(r.ToString(CultureInfo.InvariantCulture)) ? r : -1;
        foreach (int pt in RelayablePayloadTypes)
            if (media.Formats.Contains(pt.ToString(CultureInfo.InvariantCulture))) return pt;
        return -1;
    }

    /// <summary>
    /// Our answer to a member's offer: its own sections with the relay's address and ports, audio narrowed to the
    /// group codec, the floor channel's fmtp replaced by the negotiated parameters, any other section disabled.
    /// </summary>
    public static SessionDescription Answer(MemberSdp offer, IPAddress relay, LegHandle audioLeg, LegHandle? floorLeg,
        McpttFmtp? answerFmtp, SdpOrigin origin)
    {
        var legs = new LegHandle?[offer.Sdp.Media.Count];
        legs[offer.Audio.MediaIndex] = audioLeg;
        if (offer.Floor is { } f) legs[f.MediaIndex] = floorLeg;
        var answer = SdpAnchor.Apply(offer.Sdp, offer.Plan, relay, legs);
        answer.Origin = origin;
        var audio = answer.Media[offer.Audio.MediaIndex];
        string pt = offer.PayloadType.ToString(CultureInfo.InvariantCulture);
        audio.Formats.RemoveAll(format => format != pt);
        audio.Attributes.RemoveAll(a => a.Name is "rtpmap" or "fmtp" && a.Value is { } v && FormatOf(v) != pt);
        if (offer.Floor is { } floor)
        {
            var media = answer.Media[floor.MediaIndex];
            media.Attributes.RemoveAll(a => a.Name == "fmtp");
            var parameters = answerFmtp?.FormatParameters();
            if (!string.IsNullOrEmpty(parameters)) media.Attributes.Add(new SdpAttribute("fmtp", McpttFmtp.Format + " " + parameters));
        }
        return answer;
    }

    /// <summary>The offer the server (controlling function) sends to an invited member.</summary>
    public static SessionDescription Offer(IPAddress relay, LegHandle audioLeg, LegHandle floorLeg, int payloadType,
        McpttFmtp floorOffer, SdpOrigin origin, string sessionName)
    {
        string address = relay.ToString();
        string pt = payloadType.ToString(CultureInfo.InvariantCulture);
        string codec = payloadType == 8 ? "PCMA/8000" : "PCMU/8000";
        var text = $"v=0\r\no={origin}\r\ns={sessionName}\r\nc=IN IP4 {address}\r\nt=0 0\r\n"
                   + $"m=audio {audioLeg.RtpPort} RTP/AVP {pt}\r\ni=speech\r\na=rtpmap:{pt} {codec}\r\n"
                   + (audioLeg.RtcpPort != audioLeg.RtpPort + 1 ? $"a=rtcp:{audioLeg.RtcpPort}\r\n" : "")
                   + "a=sendrecv\r\n"
                   + $"m=application {floorLeg.RtpPort} udp MCPTT\r\na=fmtp:MCPTT {floorOffer.FormatParameters()}\r\n";
        var parsed = SdpParser.Parse(text);
        return parsed.Ok ? parsed.Sdp : throw new InvalidOperationException("built an unparsable offer: " + parsed.Error);
    }

    private static string FormatOf(string value)
    {
        int space = value.IndexOf(' ');
        return space < 0 ? value : value[..space];
    }
}
