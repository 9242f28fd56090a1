using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Registrar;

namespace Mcptt.Signaling.Calls;

/// <summary>All settings of the SIP services, bound from configuration sections "Auth", "Registrar" and "Calls".</summary>
public sealed class SipServicesOptions
{
    public AuthOptions Auth { get; set; } = new();
    public RegistrarOptions Registrar { get; set; } = new();
    public CallOptions Calls { get; set; } = new();

    /// <summary>Every problem in every section, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Auth.Validate());
        errors.AddRange(Registrar.Validate());
        errors.AddRange(Calls.Validate());
        if (!string.Equals(Registrar.Domain, Calls.Domain, StringComparison.OrdinalIgnoreCase))
            errors.Add($"Calls:Domain ('{Calls.Domain}') must equal Registrar:Domain ('{Registrar.Domain}').");
        return errors;
    }
}
