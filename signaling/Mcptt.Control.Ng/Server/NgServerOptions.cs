using Mcptt.Control.Ng.Bencode;

namespace Mcptt.Control.Ng.Server;

/// <summary>Settings of the UDP ng listener (bind as "Ng" configuration section in the host).</summary>
public sealed class NgServerOptions
{
    /// <summary>Listen address. Loopback by default: the ng port has no authentication, like rtpengine's.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>2223 like rtpengine's examples; Kamailio's module defaults to 22222 (set rtpengine_sock accordingly). 0 = ephemeral.</summary>
    public int Port { get; set; } = 2223;

    /// <summary>Largest datagram (cookie + document) processed; larger ones are refused.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    public int MaxDepth { get; set; } = 32;

    public int MaxElements { get; set; } = 4096;

    /// <summary>How long a reply is kept to answer a retransmission (Kamailio retries within rtpengine_tout_ms × rtpengine_retr).</summary>
    public TimeSpan ReplyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most replies cached at once; the oldest go first. Bounds memory under a flood of unique cookies.</summary>
    public int ReplyCacheCapacity { get; set; } = 4096;

    internal BencodeLimits Limits => new() { MaxMessageBytes = MaxMessageBytes, MaxDepth = MaxDepth, MaxElements = MaxElements };
}
