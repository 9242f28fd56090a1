namespace Mcptt.Control.Ng.Calls;

/// <summary>All state for one call-id. Owned by <see cref="NgCallEngine"/>, which serialises access.</summary>
public sealed class NgCall(string callId, DateTimeOffset created)
{
    public string CallId { get; } = callId;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset LastSignal { get; set; } = created;

    /// <summary>Participants in the order they appeared (the offerer first).</summary>
    public List<NgMonologue> Monologues { get; } = new();

    public NgMonologue? Find(string tag)
    {
        foreach (var monologue in Monologues)
            if (string.Equals(monologue.Tag, tag, StringComparison.Ordinal)) return monologue;
        return null;
    }

    public NgMonologue GetOrAdd(string tag, DateTimeOffset now)
    {
        var monologue = Find(tag);
        if (monologue is not null) return monologue;
        monologue = new NgMonologue(tag, now);
        Monologues.Add(monologue);
        return monologue;
    }
}
