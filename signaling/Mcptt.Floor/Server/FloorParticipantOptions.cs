using Mcptt.Floor.Sdp;

namespace Mcptt.Floor.Server;

/// <summary>One participant's negotiated floor control capabilities (from its SDP answer).</summary>
/// <param name="Id">Call control's key for the participant (unique in the session).</param>
public sealed record FloorParticipantOptions(string Id)
{
    /// <summary>MCPTT ID URI; sent as Granted Party's Identity / User ID. Null = Id is used.</summary>
    public string? UserId { get; init; }

    /// <summary>The participant's SSRC (mc_ssrc / learned); put in Floor Granted's SSRC field when known.</summary>
    public uint? Ssrc { get; init; }

    /// <summary>mc_queueing negotiated.</summary>
    public bool Queueing { get; init; }

    /// <summary>Highest priority granted in the SDP answer (mc_priority) or by group policy.</summary>
    public byte MaxPriority { get; init; } = 1;

    /// <summary>mc_implicit_request accepted: joining is a Floor Request.</summary>
    public bool ImplicitRequest { get; init; }

    /// <summary>No floor channel (e.g. baresip): media activity is an implicit request, T1 expiry releases.</summary>
    public bool LegacyNoFloorChannel { get; init; }

    /// <summary>Null = the session default.</summary>
    public bool? AcknowledgementsRequired { get; init; }

    /// <summary>Receive-only member: Floor Requests get Deny cause 5.</summary>
    public bool ReceiveOnly { get; init; }

    /// <summary>Options from a negotiated answer.</summary>
    public static FloorParticipantOptions FromAnswer(string id, McpttFmtp answer, string? userId, byte defaultPriority = 1)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new FloorParticipantOptions(id)
        {
            UserId = userId,
            Ssrc = answer.Ssrc,
            Queueing = answer.Queueing,
            MaxPriority = answer.Priority ?? defaultPriority,
            ImplicitRequest = answer.ImplicitRequest,
        };
    }

    /// <summary>
    /// Options for a participant the server invited: <paramref name="negotiated"/> is
    /// <see cref="McpttFmtpNegotiation.Narrow"/> of its answer, or null when it answered without a
    /// floor channel (a legacy phone, capped at the priority we offered).
    /// </summary>
    public static FloorParticipantOptions ForInvitee(string id, string userId, McpttFmtp offered, McpttFmtp? negotiated)
    {
        ArgumentNullException.ThrowIfNull(offered);
        return negotiated is null
            ? new FloorParticipantOptions(id) { UserId = userId, LegacyNoFloorChannel = true, MaxPriority = offered.Priority ?? 1 }
            : new FloorParticipantOptions(id) { UserId = userId, Queueing = negotiated.Queueing, MaxPriority = negotiated.Priority ?? 1 };
    }
}
