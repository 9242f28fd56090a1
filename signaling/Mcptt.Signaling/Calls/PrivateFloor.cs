using Mcptt.Floor.Sdp;
using Mcptt.Floor.Server;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// Floor control of a private call whose caller offered an MCPTT floor channel: the appliance is the floor
/// control server (TS 24.380 §6.3 applies to private calls with floor control as it does to group calls).
/// Media indices are the caller's m= lines; the callee's offer and every answer keep them. Guarded by the
/// call's session lock.
/// </summary>
internal sealed class PrivateFloor
{
    public const string CallerId = "caller";
    public const string CalleeId = "callee";

    public PrivateFloor(SessionDescription callerSdp, int audioIndex, int floorIndex, McpttFmtp callerOffer, McpttFmtp calleeOffer)
    {
        CallerSdp = callerSdp;
        AudioIndex = audioIndex;
        FloorIndex = floorIndex;
        CallerOffer = callerOffer;
        CalleeOffer = calleeOffer;
    }

    /// <summary>The caller's initial offer: the m= lines every answer to the caller must match.</summary>
    public SessionDescription CallerSdp { get; }

    /// <summary>The audio section whose bridge only the floor holder may feed.</summary>
    public int AudioIndex { get; }

    /// <summary>The <c>m=application ... udp MCPTT</c> section; its legs are diverted to the floor server, never bridged.</summary>
    public int FloorIndex { get; }

    /// <summary>The caller's fmtp:MCPTT as offered.</summary>
    public McpttFmtp CallerOffer { get; }

    /// <summary>What we offer the callee (queueing and priority by policy; no implicit request on its behalf).</summary>
    public McpttFmtp CalleeOffer { get; }

    /// <summary>Our answer to the caller once the floor session exists.</summary>
    public McpttFmtp? CallerNegotiated { get; set; }

    public McpttFmtp? CalleeNegotiated { get; set; }

    /// <summary>The callee refused or ignored the floor channel: floor by media activity, T1 releases.</summary>
    public bool CalleeLegacy { get; set; }

    /// <summary>mc_ssrc we chose for a caller that offered none (0 = not chosen yet).</summary>
    public uint ChosenCallerSsrc { get; set; }

    /// <summary>Created when the callee answers; destroyed with the call.</summary>
    public FloorSession? Session { get; set; }

    /// <summary>The fmtp we put on the floor line of a later offer or answer to <paramref name="role"/> (no implicit request mid-call).</summary>
    public McpttFmtp? MidCallFmtp(ParticipantRole role)
    {
        var negotiated = role == ParticipantRole.Caller ? CallerNegotiated : CalleeNegotiated ?? CalleeOffer;
        return negotiated is null ? null : negotiated with { Granted = false, ImplicitRequest = false, Ssrc = null };
    }
}
