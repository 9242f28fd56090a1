using System.Net;

namespace Mcptt.Signaling.Registrar;

/// <summary>
/// Where a request really came from: transport ("UDP"/"TCP"/"TLS"), the remote address and port the
/// packet or connection had (after any NAT), and optionally our local address it arrived on.
/// Requests toward a registered user go back along this flow (RFC 3581 symmetric response routing,
/// like Kamailio's fix_nated_contact without rewriting the Contact), not to the Contact's host.
/// <see cref="ConnectionId"/> names the TCP connection the request came on (0 for UDP) so a NATed TCP
/// client is reached over the connection it opened.
/// </summary>
public sealed record SipFlow(string Transport, IPEndPoint Remote, IPEndPoint? Local = null, long ConnectionId = 0)
{
    public override string ToString() => $"{Transport}:{Remote}";
}
