using System.Net;

namespace Mcptt.Signaling.Sip;

/// <summary>Configuration of <see cref="SipStack"/>; defaults listen on 127.0.0.1:5060 UDP and TCP.</summary>
public sealed class SipStackOptions
{
    public bool EnableUdp { get; init; } = true;
    public IPEndPoint UdpEndPoint { get; init; } = new(IPAddress.Loopback, 5060);
    public bool EnableTcp { get; init; } = true;
    public IPEndPoint TcpEndPoint { get; init; } = new(IPAddress.Loopback, 5060);

    public SipParserOptions Parser { get; init; } = new();
    public SipTcpOptions Tcp { get; init; } = new();
    public SipTimerOptions Timers { get; init; } = new();
    public SipServerCapabilities Capabilities { get; init; } = new();

    /// <summary>Per-source limits in front of parsing (<see cref="SipFloodGuard"/>); on by default.</summary>
    public SipFloodOptions Flood { get; init; } = new();

    /// <summary>Host written in our Via headers; defaults to the bound address (set it when binding 0.0.0.0).</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>Answer OPTIONS in the core (200 with Allow/Accept/Supported). When false the TU gets them.</summary>
    public bool AnswerOptions { get; init; } = true;

    /// <summary>Send 100 Trying as soon as an INVITE is accepted (stops the client's Timer A at once).</summary>
    public bool SendTryingForInvite { get; init; } = true;

    /// <summary>
    /// Whether the TU would forward this request rather than consume it. With Max-Forwards 0 such a
    /// request is answered 483 (RFC 3261 §16.3 step 3); requests addressed to us are still served.
    /// Null: everything is addressed to us (B2BUA/registrar).
    /// </summary>
    public Func<SipRequest, bool>? WouldForward { get; init; }

    /// <summary>
    /// Treat every UDP request as if its top Via asked for rport (Kamailio's force_rport): answers go
    /// to the source port even from clients that did not ask, which NATed clients need. Off = RFC 3581.
    /// </summary>
    public bool ForceRport { get; init; }

    /// <summary>
    /// Live server transactions allowed; beyond it new requests get a stateless 503 with Retry-After
    /// (counted as dropped "overload"). Bounds memory under a flood of unique requests.
    /// </summary>
    public int MaxServerTransactions { get; init; } = 65536;

    /// <summary>Value of the Server header on responses the core generates itself (null: none).</summary>
    public string? ServerHeader { get; init; } = "Mcptt.Relay";
}
