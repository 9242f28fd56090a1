namespace Mcptt.Control.Ng.Protocol;

/// <summary>
/// The flags we accept without comment. Kamailio's rtpengine module passes its script flags through
/// (trust-address, SIP-source-address, symmetric, ...), and rtpengine ignores what it does not use;
/// we do the same but say so in a <c>warning</c>, so an operator sees a typo instead of silence.
/// Names are in <see cref="NgRequest.Normalize"/> form.
/// </summary>
public static class NgFlags
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        // addressing / latching (we always use SDP addresses plus source learning; see NgCallEngine)
        "trust-address", "sip-source-address", "symmetric", "asymmetric", "unidirectional",
        "strict-source", "media-handover", "port-latching", "no-port-latching",
        // SDP rewriting: origin and session connection are always rewritten toward the relay
        "replace-origin", "replace-session-connection", "replace-sdp-version", "replace-username",
        "replace-session-name", "replace-zero-address", "replace-force-increment-sdp-version",
        // RTCP handling the data plane does or tolerates
        "rtcp-mux-offer", "rtcp-mux-demux", "rtcp-mux-accept", "rtcp-mux-reject", "rtcp-mux-require",
        "generate-rtcp", "no-rtcp-attribute", "full-rtcp-attribute", "rtcp-mirror",
        // transports and ICE (ICE attributes are always removed: candidates would bypass the relay)
        "rtp/avp", "rtp/avpf", "rtp/savp", "rtp/savpf", "udp/tls/rtp/savp", "udp/tls/rtp/savpf",
        "ice-remove", "ice-force", "ice-default", "reject-ice", "trickle-ice", "ice-lite",
        // delete / session management
        "fatal", "fast", "to-tag", "all", "reset", "no-redis-update", "force-answer", "new-branch",
        "loop-protect", "record-call", "early-media", "debug", "single-codec", "always-transcode",
        "allow-transcoding", "no-codec-renegotiation", "original-sendrecv", "strip-extmap",
        "pad-crypto", "passthrough", "no-passthrough", "port-latching", "webrtc",
    };

    /// <summary>Flag families whose value follows a prefix (direction=pub, ICE=remove, codec-strip-PCMU, ...).</summary>
    private static readonly string[] KnownPrefixes =
    {
        "direction=", "ice=", "address-family=", "received-from=", "media-address=", "transport-protocol=",
        "codec-", "endpoint-learning", "replace-", "rtcp-mux-", "sdes-", "osrtp-", "dtls=", "via-branch=",
        "label=", "from-label=", "to-label=", "delete-delay=", "from-tags-", "sdp-attr-", "t38-", "t.38-",
        "ptime=", "xmlrpc-callback=", "record-call=", "metadata=",
    };

    public static bool IsKnown(string normalizedFlag)
    {
        if (Known.Contains(normalizedFlag)) return true;
        foreach (string prefix in KnownPrefixes)
            if (normalizedFlag.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The distinct unknown flags of a request, in order, for the reply's warning; empty when all are known.</summary>
    public static List<string> Unknown(IReadOnlyList<string> flags)
    {
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string flag in flags)
            if (!IsKnown(flag) && seen.Add(flag)) unknown.Add(flag);
        return unknown;
    }

    /// <summary>The warning text, naming at most <paramref name="max"/> flags (each cut to 64 chars) so a hostile request can't inflate the reply past a datagram.</summary>
    public static string Warning(List<string> unknown, int max = 10)
    {
        var named = new List<string>();
        for (int i = 0; i < unknown.Count && i < max; i++)
            named.Add(unknown[i].Length <= 64 ? unknown[i] : unknown[i][..64] + "...");
        string text = "Unknown flag(s) ignored: " + string.Join(", ", named);
        return unknown.Count > max ? text + $" (and {unknown.Count - max} more)" : text;
    }
}
