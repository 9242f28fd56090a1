namespace Mcptt.Signaling.Calls;

/// <summary>Call control settings (configuration section "Calls").</summary>
public sealed class CallOptions
{
    /// <summary>Our SIP domain: From/To URIs of B2BUA legs use it (sip:user@Domain).</summary>
    public string Domain { get; set; } = "mcptt.local";

    /// <summary>How long the callee may ring before the caller gets 480 and the branches are cancelled.</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>No RTP in either direction for this long ends an established call with BYE to both sides.</summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often relay leg counters are polled for the media timeout.</summary>
    public TimeSpan MediaPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Concurrent calls; one more INVITE gets 503 with Retry-After.</summary>
    public int MaxCalls { get; set; } = 10_000;

    /// <summary>
    /// When INVITEs are not digest-challenged (Auth:AuthInvites false), the caller (From user) must hold a
    /// registration made from the same IP address as the INVITE. Turn off only for lab tests with
    /// unregistered UACs (e.g. sipp's built-in uac).
    /// </summary>
    public bool RequireRegisteredCaller { get; set; } = true;

    /// <summary>
    /// Send the INVITE to every registered contact of the callee at once (first 2xx wins, the rest are
    /// cancelled). False: only the most recently registered contact is called.
    /// </summary>
    public bool ForkToAllContacts { get; set; } = true;

    /// <summary>Private calls with floor control: Floor Requests are queued (mc_queueing) when the participant offers it too.</summary>
    public bool FloorQueueing { get; set; } = true;

    /// <summary>Private calls with floor control: the highest mc_priority a participant gets (1..255).</summary>
    public byte FloorMaxPriority { get; set; } = 1;

    /// <summary>Every problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Domain) || Domain.Contains(' ') || Domain.Contains('@'))
            errors.Add("Calls:Domain must be a host name without spaces or '@'.");
        if (RingTimeout < TimeSpan.FromSeconds(1) || RingTimeout > TimeSpan.FromMinutes(10))
            errors.Add("Calls:RingTimeout must be between 1 second and 10 minutes.");
        if (MediaTimeout < TimeSpan.FromSeconds(2) || MediaTimeout > TimeSpan.FromHours(24))
            errors.Add("Calls:MediaTimeout must be between 2 seconds and 24 hours.");
        if (MediaPollInterval < TimeSpan.FromMilliseconds(100) || MediaPollInterval > MediaTimeout)
            errors.Add("Calls:MediaPollInterval must be at least 100 ms and not longer than Calls:MediaTimeout.");
        if (MaxCalls < 1) errors.Add("Calls:MaxCalls must be at least 1.");
        if (FloorMaxPriority < 1) errors.Add("Calls:FloorMaxPriority must be between 1 and 255.");
        return errors;
    }
}
