using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Control.Ng.Calls;

/// <summary>
/// One SDP media section as seen from one side of the call: the relay leg that faces this side's
/// endpoint (receives its media, sends media to it) and what the endpoint advertised in its SDP.
/// The same <see cref="Bridge"/> is shared with the matching media of the other side.
/// </summary>
public sealed class NgMedia(int index, LegHandle leg, BridgeHandle bridge)
{
    /// <summary>1-based, like rtpengine's query output.</summary>
    public int Index { get; } = index;

    public LegHandle Leg { get; } = leg;

    public BridgeHandle Bridge { get; } = bridge;

    public string Type { get; set; } = "audio";

    public string Protocol { get; set; } = "RTP/AVP";

    public IPEndPoint? AdvertisedRtp { get; set; }

    public IPEndPoint? AdvertisedRtcp { get; set; }

    public bool RtcpMux { get; set; }
}
