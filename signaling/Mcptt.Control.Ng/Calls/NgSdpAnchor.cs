using System.Net;
using System.Net.Sockets;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Control.Ng.Calls;

/// <summary>
/// The ng flavour of SDP anchoring, built on <see cref="SdpAnchor.Apply"/>. An offer's SDP is forwarded
/// to the callee, so its c=/m=/a=rtcp must name the relay leg that faces the <em>callee</em> (the port
/// the callee will send to); an answer's SDP goes back to the caller and names the caller-facing leg.
/// Which legs to name is decided by <see cref="NgCallEngine"/>; this class plans and rewrites.
///
/// Differences from the SIP front end's <see cref="SdpAnchor.Assess"/>, for rtpengine compatibility:
/// any UDP media type is relayed (video, application, not just audio/MCPTT), and a description that
/// is entirely on hold (c=0.0.0.0) is accepted, since hold re-INVITEs are routine for a SIP proxy.
/// TCP/TLS sections are disabled (port 0): the relay only forwards UDP.
/// </summary>
public static class NgSdpAnchor
{
    /// <summary>Where the endpoint that wrote <paramref name="sdp"/> wants media i; null endpoints for rejected (port 0) or hold (0.0.0.0) media.</summary>
    public static (IPEndPoint? Rtp, IPEndPoint? Rtcp) Advertised(SessionDescription sdp, SdpMedia media, IPAddress? addressOverride)
    {
        if (media.Port == 0) return (null, null);
        IPAddress? address = ParseAddress(media.EffectiveConnection(sdp));
        if (address is null || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return (null, null);
        address = addressOverride ?? address;
        var rtp = new IPEndPoint(address, media.Port);
        if (media.RtcpMux) return (rtp, rtp);
        IPEndPoint rtcp;
        if (media.Rtcp is { } attribute)
        {
            IPAddress rtcpAddress = addressOverride ?? ParseAddress(attribute.Connection) ?? address;
            rtcp = new IPEndPoint(rtcpAddress, attribute.Port);
        }
        else
        {
            rtcp = new IPEndPoint(address, Math.Min(media.Port + 1, IPEndPoint.MaxPort));
        }
        return (rtp, rtcp);
    }

    /// <summary>
    /// Can the section be relayed at all: not rejected, and over UDP (DTLS-SRTP's UDP/TLS/... profiles
    /// are UDP too and pass through untouched; TCP-based ones cannot be forwarded datagram by datagram).
    /// </summary>
    public static bool IsRelayable(SdpMedia media)
    {
        if (media.Port == 0) return false;
        if (media.Proto.StartsWith("UDP/TLS", StringComparison.OrdinalIgnoreCase)) return true;
        return !media.Proto.Contains("TCP", StringComparison.OrdinalIgnoreCase)
               && !media.Proto.Contains("TLS", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A copy of <paramref name="source"/> pointing each relayable media i at <paramref name="relayLegs"/>[i]
    /// on <paramref name="relayAddress"/>; other media are disabled (port 0). ICE attributes go (see
    /// <see cref="SdpAnchor.Apply"/>); the origin address becomes the relay's unless told otherwise.
    /// </summary>
    public static SessionDescription Rewrite(SessionDescription source, IReadOnlyList<NgMedia> relayLegs, IPAddress relayAddress, NgAnchorOptions options)
    {
        var streams = new AnchorStream?[source.Media.Count];
        var legs = new LegHandle?[source.Media.Count];
        for (int i = 0; i < source.Media.Count; i++)
        {
            var media = source.Media[i];
            if (!IsRelayable(media) || i >= relayLegs.Count) continue;
            var (rtp, rtcp) = Advertised(source, media, null);
            streams[i] = new AnchorStream(i, AnchorStreamKind.Rtp, rtp, rtcp);
            legs[i] = relayLegs[i].Leg;
        }
        var sdp = SdpAnchor.Apply(source, new AnchorPlan(streams), relayAddress, legs);
        if (options.ReplaceOrigin)
        {
            var connection = SdpConnection.Ip4(relayAddress);
            sdp.Origin = sdp.Origin with { NetType = connection.NetType, AddrType = connection.AddrType, Address = connection.Address };
        }
        if (options.NoRtcpAttribute)
            foreach (var media in sdp.Media)
                media.Attributes.RemoveAll(a => a.Name == "rtcp");
        return sdp;
    }

    private static IPAddress? ParseAddress(SdpConnection? connection)
    {
        if (connection is null || connection.NetType != "IN") return null;
        if (!IPAddress.TryParse(connection.Address, out var ip)) return null;
        bool familyMatches = connection.AddrType == "IP6"
            ? ip.AddressFamily == AddressFamily.InterNetworkV6
            : ip.AddressFamily == AddressFamily.InterNetwork;
        return familyMatches ? ip : null;
    }
}

/// <summary>Rewrite switches taken from the request's flags.</summary>
public readonly record struct NgAnchorOptions(bool ReplaceOrigin = true, bool NoRtcpAttribute = false);
