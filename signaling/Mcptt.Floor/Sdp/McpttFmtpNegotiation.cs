namespace Mcptt.Floor.Sdp;

/// <summary>What the answerer (the floor control server) allows for one offerer.</summary>
/// <param name="QueueingSupported">The server queues Floor Requests for this call.</param>
/// <param name="MaxPriority">Highest priority this user may use in this group (1..255).</param>
/// <param name="FloorGrantedImmediately">The implicit request was granted at once (floor was free).</param>
/// <param name="Ssrc">SSRC for mc_ssrc: the offered one unless it collides, else a server-chosen one; null = none available.</param>
/// <param name="AcceptImplicitRequest">Whether implicit Floor Requests are honoured at all.</param>
/// <param name="AcceptNoFloorControl">Whether pre-established-session use without floor control is accepted.</param>
public sealed record McpttAnswerPolicy(
    bool QueueingSupported,
    byte MaxPriority,
    bool FloorGrantedImmediately,
    uint? Ssrc = null,
    bool AcceptImplicitRequest = true,
    bool AcceptNoFloorControl = false);

public static class McpttFmtpNegotiation
{
    /// <summary>
    /// Builds the answer's parameters from the offer (TS 24.380 §12.1.2.2, §14.2): mc_priority never
    /// above the offer nor the policy; mc_queueing only when both sides support it; an accepted
    /// mc_implicit_request carries mc_ssrc; mc_granted only when offered, implicitly requested and
    /// actually granted at once.
    /// </summary>
    public static McpttFmtp Answer(McpttFmtp offer, McpttAnswerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(policy);
        byte? priority = offer.Priority is { } offered
            ? Math.Max((byte)1, Math.Min(offered, policy.MaxPriority))
            : null;
        uint? ssrc = policy.Ssrc ?? offer.Ssrc;
        // mc_ssrc must accompany an accepted implicit request; with no SSRC to give, decline it.
        bool implicitAccepted = offer.ImplicitRequest && policy.AcceptImplicitRequest && ssrc.HasValue;
        return new McpttFmtp
        {
            Queueing = offer.Queueing && policy.QueueingSupported,
            Priority = priority,
            ImplicitRequest = implicitAccepted,
            Ssrc = implicitAccepted ? ssrc : null,
            Granted = offer.Granted && implicitAccepted && policy.FloorGrantedImmediately,
            NoFloorControl = offer.NoFloorControl && policy.AcceptNoFloorControl,
        };
    }

    /// <summary>
    /// When the server is the offerer (it invites a group member or a private-call callee), the
    /// answer may only narrow its offer: mc_queueing only when both have it, mc_priority no higher
    /// than offered (absent in the answer = as offered).
    /// </summary>
    public static McpttFmtp Narrow(McpttFmtp offered, McpttFmtp answered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(answered);
        byte ceiling = offered.Priority ?? 1;
        return new McpttFmtp
        {
            Queueing = offered.Queueing && answered.Queueing,
            Priority = Math.Min(answered.Priority ?? ceiling, ceiling),
        };
    }
}
