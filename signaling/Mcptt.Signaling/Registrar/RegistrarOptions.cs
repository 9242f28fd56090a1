namespace Mcptt.Signaling.Registrar;

/// <summary>Registrar settings (configuration section "Registrar"); defaults follow RFC 3261 §10.2.1 practice.</summary>
public sealed class RegistrarOptions
{
    /// <summary>The SIP domain of our AORs (sip:user@Domain). Also the host used in our own URIs when no better one is known.</summary>
    public string Domain { get; set; } = "mcptt.local";

    /// <summary>
    /// Other host names / addresses clients may put in the To URI of REGISTER (e.g. our IP, as sipp and
    /// baresip do when registering to sip:user@127.0.0.1). Empty (default): any host is accepted as ours,
    /// which suits a single-domain appliance; list them to refuse foreign domains with 403.
    /// </summary>
    public List<string> AcceptedHosts { get; set; } = new();

    /// <summary>Shortest registration accepted; shorter non-zero requests get 423 with Min-Expires.</summary>
    public int MinExpires { get; set; } = 60;

    /// <summary>Longer requests are shortened to this (the 200 OK tells the client).</summary>
    public int MaxExpires { get; set; } = 3600;

    /// <summary>Used when neither the Contact expires parameter nor the Expires header is present.</summary>
    public int DefaultExpires { get; set; } = 3600;

    /// <summary>Bindings per AOR; one more is refused with 403 so one user cannot exhaust memory.</summary>
    public int MaxContactsPerAor { get; set; } = 10;

    /// <summary>Total bindings; beyond this new registrations get 503.</summary>
    public int MaxBindings { get; set; } = 100_000;

    /// <summary>How often expired bindings are removed (they are ignored by lookups as soon as they expire).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Domain) || Domain.Contains(' ') || Domain.Contains('@'))
            errors.Add("Registrar:Domain must be a host name without spaces or '@'.");
        if (MinExpires < 1) errors.Add("Registrar:MinExpires must be at least 1 second.");
        if (MaxExpires < MinExpires) errors.Add("Registrar:MaxExpires must be >= Registrar:MinExpires.");
        if (DefaultExpires < MinExpires || DefaultExpires > MaxExpires)
            errors.Add("Registrar:DefaultExpires must lie between Registrar:MinExpires and Registrar:MaxExpires.");
        if (MaxContactsPerAor is < 1 or > 100) errors.Add("Registrar:MaxContactsPerAor must be 1..100.");
        if (MaxBindings < 1) errors.Add("Registrar:MaxBindings must be at least 1.");
        if (PurgeInterval < TimeSpan.FromMilliseconds(100) || PurgeInterval > TimeSpan.FromMinutes(1))
            errors.Add("Registrar:PurgeInterval must be between 100 ms and 1 minute.");
        return errors;
    }

    /// <summary>True when <paramref name="host"/> names us (case-insensitive), per <see cref="AcceptedHosts"/>.</summary>
    public bool IsOurHost(string host)
    {
        if (AcceptedHosts.Count == 0) return true;
        if (string.Equals(host, Domain, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var accepted in AcceptedHosts)
            if (string.Equals(host, accepted, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
