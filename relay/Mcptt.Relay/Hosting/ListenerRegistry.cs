using System.Net;

namespace Mcptt.Relay.Hosting;

/// <summary>What the appliance is actually listening on, filled in by each component once bound;
/// rendered into the startup log line so the operator sees the truth, not the configuration.</summary>
public sealed class ListenerRegistry
{
    private readonly object _gate = new();
    private readonly List<(string Name, IPEndPoint EndPoint)> _listeners = new();

    /// <summary><paramref name="name"/> is short and stable, e.g. "sip/udp", "http", "ng/udp".</summary>
    public void Add(string name, IPEndPoint endPoint)
    {
        lock (_gate) _listeners.Add((name, endPoint));
    }

    public IReadOnlyList<(string Name, IPEndPoint EndPoint)> Snapshot()
    {
        lock (_gate) return _listeners.ToArray();
    }

    public string Describe()
    {
        var parts = new List<string>();
        foreach (var (name, endPoint) in Snapshot()) parts.Add($"{name} {PortPreflight.Format(endPoint)}");
        return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
    }
}
