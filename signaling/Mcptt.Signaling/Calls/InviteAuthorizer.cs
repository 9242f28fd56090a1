using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Registrar;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Calls;

/// <summary>Who is calling: the caller's user name, or the response that refused the INVITE (407 challenge or 403).</summary>
public readonly record struct InviteAuthorization(string? Caller, SipResponse? Refusal)
{
    public bool Accepted => Refusal is null;

    /// <summary>A 407 challenge: not an outcome of the call yet, the caller answers it with a new INVITE.</summary>
    public bool Challenged => Refusal?.StatusCode == 407;
}

/// <summary>
/// The one decision on who places a call, shared by private (1:1) and pre-arranged group calls. Named steps:
/// the claimed caller is the From user; the INVITE's digest answer must prove it (407 Proxy-Authenticate, since for
/// the caller the appliance is the proxy in front of the callee — RFC 3261 §22.3; a 401 would say the callee itself
/// wants credentials); bans and trusted networks are the <see cref="DigestGate"/>'s; where no digest is required
/// (auth off, a trusted network) the caller must at least hold a registration from the INVITE's source address.
/// </summary>
public sealed class InviteAuthorizer
{
    private readonly DigestGate _gate;
    private readonly Registrar.Registrar _registrar;
    private readonly bool _requireRegisteredCaller;

    public InviteAuthorizer(DigestGate gate, Registrar.Registrar registrar, bool requireRegisteredCaller)
    {
        _gate = gate;
        _registrar = registrar;
        _requireRegisteredCaller = requireRegisteredCaller;
    }

    public DigestGate Gate => _gate;

    public InviteAuthorization Authorize(IServerRequest request)
    {
        if (ClaimedCaller(request.Request) is not { } caller) return Refuse(request, "Caller identity required");
        var verdict = ProveCaller(request, caller);
        if (verdict.Decision == GateDecision.Authenticated) return new InviteAuthorization(caller, null);
        if (verdict.Decision == GateDecision.NotRequired) return RegisteredFromSource(request, caller);
        return new InviteAuthorization(null, DigestGate.Response(request.Request, verdict, ChallengeKind.Proxy, request.LocalTag));
    }

    /// <summary>Step 1: the From user is who the INVITE claims to come from.</summary>
    private static string? ClaimedCaller(SipRequest invite) => invite.From?.SipUri?.User is { Length: > 0 } user ? user : null;

    /// <summary>Step 2: the digest answer (Proxy-Authorization) must be that user's.</summary>
    private GateVerdict ProveCaller(IServerRequest request, string caller)
        => _gate.ChallengesInvites
            ? _gate.Check(request.Request, request.Source.Remote.Address, ChallengeKind.Proxy, caller, "From")
            : new GateVerdict(GateDecision.NotRequired, null, null, null, null);

    /// <summary>Step 3, without digest: the caller holds a registration made from the INVITE's address (the old rule).</summary>
    private InviteAuthorization RegisteredFromSource(IServerRequest request, string caller)
    {
        if (!_requireRegisteredCaller) return new InviteAuthorization(caller, null);
        foreach (var binding in _registrar.Lookup(caller))
            if (binding.Flow.Remote.Address.Equals(request.Source.Remote.Address)) return new InviteAuthorization(caller, null);
        return Refuse(request, "Caller not registered");
    }

    private static InviteAuthorization Refuse(IServerRequest request, string reason)
        => new(null, DigestGate.Response(request.Request, new GateVerdict(GateDecision.Forbidden, null, null, reason, null), ChallengeKind.Proxy, request.LocalTag));
}
