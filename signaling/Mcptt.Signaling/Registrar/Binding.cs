using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Registrar;

/// <summary>
/// One contact registered for a user. Immutable: a refresh replaces the binding. <see cref="Contact"/>
/// is the URI to put in the Request-URI; <see cref="Flow"/> is where to send it (NAT-safe).
/// </summary>
public sealed record Binding(
    string User,
    SipUri Contact,
    string ContactKey,
    SipFlow Flow,
    string CallId,
    uint CSeq,
    DateTimeOffset RegisteredAt,
    DateTimeOffset ExpiresAt,
    double? Q,
    /// <summary>Digest user that created the binding (null with auth off).</summary>
    string? AuthenticatedAs)
{
    public int RemainingSeconds(DateTimeOffset now) => Math.Max(0, (int)Math.Ceiling((ExpiresAt - now).TotalSeconds));
}
