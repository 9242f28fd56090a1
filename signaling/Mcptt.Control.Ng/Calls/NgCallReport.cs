using System.Net;
using Mcptt.Control.Ng.Bencode;
using Mcptt.Relay.Core.Control;

namespace Mcptt.Control.Ng.Calls;

/// <summary>
/// The query (and delete) reply body in rtpengine's shape: created, last signal, tags with their
/// medias and per-stream counters (from <see cref="IRelayControl.GetStats"/>), and RTP/RTCP totals.
/// A learned source is reported as the stream's endpoint, the SDP's address as the advertised one.
/// </summary>
internal static class NgCallReport
{
    public static BDictionary Describe(NgCall call, BDictionary reply, IRelayControl relay, TimeProvider time)
    {
        long rtpPackets = 0, rtpBytes = 0, rtcpPackets = 0, errors = 0;
        var tags = new BDictionary();
        foreach (var monologue in call.Monologues)
        {
            var entry = new BDictionary()
                .Set("tag", monologue.Tag)
                .Set("created", monologue.Created.ToUnixTimeSeconds());
            if (monologue.Label is not null) entry.Set("label", monologue.Label);
            if (monologue.Peer is { Tag: var peerTag }) entry.Set("in dialogue with", peerTag);
            var medias = new BList();
            foreach (var media in monologue.Media)
            {
                var stats = relay.GetStats(media.Leg);
                rtpPackets += stats.RtpPacketsIn;
                rtpBytes += stats.RtpBytesIn;
                rtcpPackets += stats.RtcpPacketsIn;
                errors += stats.Dropped;
                var streams = new BList()
                    .Add(Stream(time, "RTP", media.Leg.RtpPort, stats.LearnedRtpSource ?? media.AdvertisedRtp, media.AdvertisedRtp,
                        stats.RtpPacketsIn, stats.RtpBytesIn, stats.Dropped, stats.LastRtpTimestamp))
                    .Add(Stream(time, "RTCP", media.Leg.RtcpPort, stats.LearnedRtcpSource ?? media.AdvertisedRtcp, media.AdvertisedRtcp,
                        stats.RtcpPacketsIn, 0, 0, 0));
                var flags = new BList().Add("initialized");
                if (media.RtcpMux) flags.Add("rtcp-mux");
                medias.Add(new BDictionary()
                    .Set("index", media.Index)
                    .Set("type", media.Type)
                    .Set("protocol", media.Protocol)
                    .Set("flags", flags)
                    .Set("streams", streams)
                    .Set("forwarded", new BDictionary().Set("packets", stats.PacketsOut).Set("bytes", stats.BytesOut)));
            }
            entry.Set("medias", medias);
            tags.Set(monologue.Tag, entry);
        }
        return reply
            .Set("created", call.Created.ToUnixTimeSeconds())
            .Set("last signal", call.LastSignal.ToUnixTimeSeconds())
            .Set("tags", tags)
            .Set("totals", new BDictionary()
                .Set("RTP", Stats(rtpPackets, rtpBytes, errors))
                .Set("RTCP", Stats(rtcpPackets, 0, 0)));
    }

    private static BDictionary Stream(TimeProvider time, string kind, int localPort, IPEndPoint? endpoint, IPEndPoint? advertised,
        long packets, long bytes, long errors, long lastTimestamp)
    {
        var stream = new BDictionary().Set("local port", localPort);
        if (endpoint is not null) stream.Set("endpoint", Endpoint(endpoint));
        if (advertised is not null) stream.Set("advertised endpoint", Endpoint(advertised));
        if (lastTimestamp != 0) stream.Set("last packet", ToUnixSeconds(time, lastTimestamp));
        return stream.Set("flags", new BList().Add(kind)).Set("stats", Stats(packets, bytes, errors));
    }

    private static long ToUnixSeconds(TimeProvider time, long stopwatchTimestamp)
    {
        var age = time.GetElapsedTime(stopwatchTimestamp, time.GetTimestamp());
        return (time.GetUtcNow() - age).ToUnixTimeSeconds();
    }

    private static BDictionary Stats(long packets, long bytes, long errors)
        => new BDictionary().Set("packets", packets).Set("bytes", bytes).Set("errors", errors);

    private static BDictionary Endpoint(IPEndPoint endpoint)
        => new BDictionary()
            .Set("family", endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")
            .Set("address", endpoint.Address.ToString())
            .Set("port", endpoint.Port);

}
