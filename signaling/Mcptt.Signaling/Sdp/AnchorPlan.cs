using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Mcptt.Signaling.Sdp;

/// <summary>What kind of relay leg a media section needs.</summary>
public enum AnchorStreamKind : byte
{
    /// <summary>Audio RTP/AVP(F) over UDP: an RTP/RTCP port pair.</summary>
    Rtp = 0,
    /// <summary>m=application &lt;port&gt; udp MCPTT: the floor control channel, one port.</summary>
    FloorControl = 1,
}

/// <summary>
/// One anchorable media section and where its peer says it receives media.
/// A null <see cref="RemoteRtp"/> means "unknown" (c=0.0.0.0 hold); the relay learns it from the first packet.
/// </summary>
public sealed record AnchorStream(int MediaIndex, AnchorStreamKind Kind, IPEndPoint? RemoteRtp, IPEndPoint? RemoteRtcp);

/// <summary>
/// Per media index (same order as the m= lines): the stream to anchor, or null when the section is
/// disabled (port 0) or cannot be relayed and will be disabled in the rewritten description.
/// </summary>
public sealed record AnchorPlan(IReadOnlyList<AnchorStream?> Streams)
{
    public int AnchoredCount
    {
        get
        {
            int n = 0;
            foreach (var stream in Streams) if (stream is not null) n++;
            return n;
        }
    }
}

/// <summary>
/// The outcome of <see cref="SdpAnchor.Assess"/>: a plan, or why nothing can be anchored, with the
/// RFC 3261 §20.43 warning code the caller puts into "488 Not Acceptable Here".
/// </summary>
public readonly record struct AnchorAssessment(AnchorPlan? Plan, int WarningCode, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Plan))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool Ok => Plan is not null;
}
