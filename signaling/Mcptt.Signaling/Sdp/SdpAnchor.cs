using System.Net;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Signaling.Sdp;

/// <summary>
/// Puts the relay in the media path: decides which media sections can be relayed (<see cref="Assess"/>)
/// and rewrites a description so each relayed section's c=, port and a=rtcp name a relay leg
/// (<see cref="Apply"/>). Sections we cannot relay are disabled (port 0) rather than passed through,
/// because a passed-through address would let media bypass the relay.
/// </summary>
public static class SdpAnchor
{
    public const int WarningIncompatibleNetworkAddress = 301;
    public const int WarningIncompatibleTransport = 302;
    public const int WarningMediaTypeNotAvailable = 304;
    public const int WarningIncompatibleMediaFormat = 305;

    /// <summary>
    /// Relayable: audio RTP/AVP or RTP/AVPF over UDP, and application/udp/MCPTT, on IPv4 unicast.
    /// Not relayable: TCP/TLS transports, IPv6 or FQDN addresses, secure/DTLS profiles, other media types.
    /// The description as a whole is rejected when no section is relayable, or when every relayable
    /// section is on hold with c=0.0.0.0 (there would be no address to send to).
    /// </summary>
    public static AnchorAssessment Assess(SessionDescription sdp)
    {
        var streams = new AnchorStream?[sdp.Media.Count];
        int anchored = 0, held = 0;
        int warning = WarningMediaTypeNotAvailable;
        string reason = sdp.Media.Count == 0 ? "no media in SDP" : "all media streams are disabled (port 0)";
        for (int i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            if (media.Port == 0) continue;
            if (media.Proto.Contains("TCP", StringComparison.OrdinalIgnoreCase) || media.Proto.Contains("TLS", StringComparison.OrdinalIgnoreCase))
            {
                (warning, reason) = (WarningIncompatibleTransport, $"media {i}: transport {media.Proto} cannot be relayed (UDP only)");
                continue;
            }
            AnchorStreamKind kind;
            if (media.Media == "audio" && media.IsPlainRtp) kind = AnchorStreamKind.Rtp;
            else if (media.IsMcpttFloorChannel) kind = AnchorStreamKind.FloorControl;
            else
            {
                (warning, reason) = (WarningMediaTypeNotAvailable, $"media {i}: {media.Media} {media.Proto} cannot be relayed");
                continue;
            }
            var connection = media.EffectiveConnection(sdp)!;
            if (connection.IsHoldAddress)
            {
                streams[i] = new AnchorStream(i, kind, null, null);
                anchored++;
                held++;
                continue;
            }
            var address = connection.TryGetIp4();
            if (address is null)
            {
                (warning, reason) = (WarningIncompatibleNetworkAddress, $"media {i}: address '{connection}' is not IPv4 unicast");
                continue;
            }
            var rtp = new IPEndPoint(address, media.Port);
            IPEndPoint? rtcp = null;
            if (kind == AnchorStreamKind.Rtp)
            {
                var rtcpAttribute = media.Rtcp;
                var rtcpAddress = rtcpAttribute?.Connection?.TryGetIp4() ?? address;
                int rtcpPort = rtcpAttribute?.Port ?? (media.RtcpMux ? media.Port : media.Port + 1);
                if (rtcpPort is > 0 and <= 65535) rtcp = new IPEndPoint(rtcpAddress, rtcpPort);
            }
            streams[i] = new AnchorStream(i, kind, rtp, rtcp);
            anchored++;
        }
        if (anchored == 0) return new AnchorAssessment(null, warning, reason);
        if (held == anchored)
            return new AnchorAssessment(null, WarningIncompatibleMediaFormat, "every media stream has c=0.0.0.0; no address to relay to");
        return new AnchorAssessment(new AnchorPlan(streams), 0, null);
    }

    /// <summary>
    /// Returns a rewritten copy of <paramref name="sdp"/>: each planned section gets the relay address and
    /// the leg's ports, unplanned sections get port 0, ICE attributes are dropped (their candidates would
    /// bypass the relay), everything else is kept. The o= version is incremented when the result differs
    /// from the input, so identical inputs give identical outputs (RFC 3264 §8: unchanged offer, same version).
    /// </summary>
    /// <param name="legs">Per media index, the leg for that section (ignored where the plan has none).</param>
    public static SessionDescription Apply(SessionDescription sdp, AnchorPlan plan, IPAddress relayAddress, IReadOnlyList<LegHandle?> legs)
    {
        if (plan.Streams.Count != sdp.Media.Count) throw new ArgumentException("plan does not match the description", nameof(plan));
        var copy = sdp.Clone();
        var relayConnection = SdpConnection.Ip4(relayAddress);
        if (copy.Connection is not null) copy.Connection = relayConnection;
        RemoveIce(copy.Attributes);
        for (int i = 0; i < copy.Media.Count; i++)
        {
            var media = copy.Media[i];
            var stream = plan.Streams[i];
            LegHandle? leg = i < legs.Count ? legs[i] : null;
            if (stream is null || leg is null)
            {
                media.Port = 0;
                media.PortCount = null;
                continue;
            }
            var handle = leg.Value;
            media.Port = handle.RtpPort;
            media.PortCount = null;
            if (media.Connections.Count > 0)
            {
                media.Connections.Clear();
                media.Connections.Add(relayConnection);
            }
            else if (copy.Connection is null)
            {
                media.Connections.Add(relayConnection);
            }
            RemoveIce(media.Attributes);
            RewriteRtcp(media, stream.Kind, handle, relayConnection);
        }
        if (SdpWriter.Write(copy) != SdpWriter.Write(sdp)) copy.Origin = copy.Origin.WithNextVersion();
        return copy;
    }

    private static void RewriteRtcp(SdpMedia media, AnchorStreamKind kind, LegHandle leg, SdpConnection relay)
    {
        int index = media.Attributes.FindIndex(a => a.Name == "rtcp");
        if (kind != AnchorStreamKind.Rtp)
        {
            if (index >= 0) media.Attributes.RemoveAt(index);
            return;
        }
        if (index >= 0)
        {
            bool withAddress = media.Attributes[index].Value?.Contains(' ', StringComparison.Ordinal) == true;
            media.Attributes[index] = new SdpAttribute("rtcp", new RtcpAttribute(leg.RtcpPort, withAddress ? relay : null).ToString());
        }
        else if (leg.RtcpPort != leg.RtpPort + 1 && leg.RtcpPort != 0)
        {
            media.Attributes.Add(new SdpAttribute("rtcp", new RtcpAttribute(leg.RtcpPort, null).ToString()));
        }
    }

    private static void RemoveIce(List<SdpAttribute> attributes)
        => attributes.RemoveAll(a => a.Name is "candidate" or "remote-candidates" or "end-of-candidates" or "ice-lite"
                                     || a.Name.StartsWith("ice-", StringComparison.Ordinal));
}
