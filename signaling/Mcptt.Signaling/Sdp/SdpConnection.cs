using System.Net;
using System.Net.Sockets;

namespace Mcptt.Signaling.Sdp;

/// <summary>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt; (the address may carry /ttl/count for multicast).</summary>
public sealed record SdpConnection(string NetType, string AddrType, string Address)
{
    public override string ToString() => $"{NetType} {AddrType} {Address}";

    public bool IsIp4 => NetType == "IN" && AddrType == "IP4";

    /// <summary>The unicast IPv4 address, or null (IPv6, FQDN, multicast with TTL, garbage).</summary>
    public IPAddress? TryGetIp4()
    {
        if (!IsIp4 || !IPAddress.TryParse(Address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            return null;
        return ip;
    }

    /// <summary>RFC 2543 hold: c=IN IP4 0.0.0.0.</summary>
    public bool IsHoldAddress => IsIp4 && Address == "0.0.0.0";

    public static SdpConnection Ip4(IPAddress address) => new("IN", "IP4", address.ToString());
}
