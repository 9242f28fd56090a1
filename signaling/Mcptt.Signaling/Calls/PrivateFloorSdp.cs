using System.Net;
using Mcptt.Floor.Sdp;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Calls;

/// <summary>A caller's offer with a floor channel: the two sections a floor-controlled private call uses.</summary>
internal sealed record FloorOffer(int AudioIndex, int FloorIndex, McpttFmtp Fmtp, AnchorPlan Plan);

/// <summary>
/// SDP for private calls with floor control: finding the floor channel in an offer, keeping only the audio and
/// floor sections in play, and writing the floor line that we (the floor control server) answer or offer.
/// </summary>
internal static class PrivateFloorSdp
{
    /// <summary>
    /// The first audio RTP section and the first <c>m=application udp MCPTT</c> section of <paramref name="offer"/>.
    /// Null without both (the call stays full duplex); an error text when fmtp:MCPTT is malformed or out of range.
    /// </summary>
    public static (FloorOffer? Offer, string? Error) Find(SessionDescription offer, AnchorPlan plan)
    {
        int audio = -1, floor = -1;
        foreach (var stream in plan.Streams)
        {
            if (stream is null) continue;
            if (stream.Kind == AnchorStreamKind.Rtp && audio < 0) audio = stream.MediaIndex;
            else if (stream.Kind == AnchorStreamKind.FloorControl && floor < 0) floor = stream.MediaIndex;
        }
        if (audio < 0 || floor < 0) return (null, null);
        var fmtp = new McpttFmtp();
        if (offer.Media[floor].GetFmtp(McpttFmtp.Format) is { } raw)
        {
            var parsed = McpttFmtp.Parse(raw);
            if (!parsed.Success) return (null, parsed.Error);
            fmtp = parsed.Value!;
        }
        return (new FloorOffer(audio, floor, fmtp, Narrow(plan, audio, floor)), null);
    }

    /// <summary>
    /// Only the audio and floor sections stay in play: any other section (a second audio, video) would bypass the
    /// floor, so it is disabled toward the other party.
    /// </summary>
    public static AnchorPlan Narrow(AnchorPlan plan, int audioIndex, int floorIndex)
    {
        var streams = new AnchorStream?[plan.Streams.Count];
        for (int i = 0; i < streams.Length; i++)
        {
            var stream = plan.Streams[i];
            if (stream is null) continue;
            if ((i == audioIndex && stream.Kind == AnchorStreamKind.Rtp) || (i == floorIndex && stream.Kind == AnchorStreamKind.FloorControl))
                streams[i] = stream;
        }
        return new AnchorPlan(streams);
    }

    /// <summary>
    /// The fmtp:MCPTT of an answer's floor section, or null when the answerer refused it (port 0), left it out or
    /// put something else there: a legacy participant. A malformed list counts as no parameters, not as a refusal.
    /// </summary>
    public static McpttFmtp? AnsweredFloor(SessionDescription answer, int floorIndex)
    {
        if (floorIndex >= answer.Media.Count) return null;
        var media = answer.Media[floorIndex];
        if (media.Port == 0 || !media.IsMcpttFloorChannel) return null;
        if (media.GetFmtp(McpttFmtp.Format) is not { } raw) return new McpttFmtp();
        var parsed = McpttFmtp.Parse(raw);
        return parsed.Success ? parsed.Value! : new McpttFmtp();
    }

    /// <summary>
    /// Makes section <paramref name="floorIndex"/> of <paramref name="sdp"/> our floor line: the relay's address and
    /// <paramref name="leg"/>'s port with <paramref name="fmtp"/>, or port 0 without a leg. Sections missing from a short
    /// answer are filled from <paramref name="template"/> (disabled) so the m= lines still match the offer.
    /// </summary>
    public static void WriteFloorLine(SessionDescription sdp, int floorIndex, LegHandle? leg, IPAddress relay, McpttFmtp? fmtp,
        SessionDescription template)
    {
        while (sdp.Media.Count <= floorIndex && sdp.Media.Count < template.Media.Count)
        {
            var filler = template.Media[sdp.Media.Count].Clone();
            filler.Port = 0;
            filler.Attributes.Clear();
            sdp.Media.Add(filler);
        }
        if (floorIndex >= sdp.Media.Count) return;
        var media = new SdpMedia { Media = "application", Proto = "udp", Port = leg?.RtpPort ?? 0 };
        media.Formats.Add(McpttFmtp.Format);
        if (leg is not null)
        {
            if (sdp.Connection is null) media.Connections.Add(SdpConnection.Ip4(relay));
            var parameters = fmtp?.FormatParameters();
            if (!string.IsNullOrEmpty(parameters)) media.Attributes.Add(new SdpAttribute("fmtp", McpttFmtp.Format + " " + parameters));
        }
        sdp.Media[floorIndex] = media;
    }
}
