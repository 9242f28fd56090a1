using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// Whether a party's SDP puts its audio on hold (RFC 3264 §8.4: sendonly/recvonly/inactive, or the
/// RFC 2543 c=0.0.0.0). A held call may legitimately carry no RTP for a long time, so the media timeout
/// is suspended while either side holds (rtpengine likewise uses a separate, longer silent timeout).
/// </summary>
internal static class MediaHold
{
    public static bool IsOnHold(SessionDescription sdp, AnchorPlan plan)
    {
        bool anyAudio = false;
        for (int i = 0; i < plan.Streams.Count; i++)
        {
            if (plan.Streams[i] is not { Kind: AnchorStreamKind.Rtp } stream) continue;
            anyAudio = true;
            if (stream.RemoteRtp is null) continue;
            if (EffectiveDirection(sdp, sdp.Media[i]) == MediaDirection.SendRecv) return false;
        }
        return anyAudio;
    }

    private static MediaDirection EffectiveDirection(SessionDescription sdp, SdpMedia media)
    {
        foreach (var attribute in media.Attributes)
            if (attribute.Value is null && MediaDirectionNames.TryParse(attribute.Name, out var direction)) return direction;
        return sdp.Direction;
    }
}
