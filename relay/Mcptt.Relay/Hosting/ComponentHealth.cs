namespace Mcptt.Relay.Hosting;

/// <summary>
/// Readiness of each wired component, read by GET /healthz. A component registers a probe when it is
/// composed; the probe is called on every health request, so it must be cheap and must not block.
/// </summary>
public sealed class ComponentHealth
{
    private readonly object _gate = new();
    private readonly List<(string Name, Func<bool> IsReady)> _probes = new();

    public void Register(string component, Func<bool> isReady)
    {
        lock (_gate) _probes.Add((component, isReady));
    }

    public IReadOnlyList<string> Components()
    {
        lock (_gate) return _probes.ConvertAll(p => p.Name);
    }

    /// <summary>Names of components that are not ready; empty when all are.</summary>
    public IReadOnlyList<string> NotReady()
    {
        (string Name, Func<bool> IsReady)[] probes;
        lock (_gate) probes = _probes.ToArray();
        var failing = new List<string>();
        foreach (var (name, isReady) in probes)
        {
            bool ready;
            try { ready = isReady(); }
            catch (Exception) { ready = false; } // a throwing probe means "not ready", never a 500
            if (!ready) failing.Add(name);
        }
        return failing;
    }
}
