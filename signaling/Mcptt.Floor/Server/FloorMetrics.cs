using Mcptt.Floor.Wire;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Floor.Server;

/// <summary>Why a floor control input was dropped (label values of mcptt_floor_dropped_total).</summary>
public enum FloorDropReason
{
    /// <summary>Broken framing, bad field, truncated.</summary>
    Malformed,
    /// <summary>Another RTCP packet or APP name on the floor channel.</summary>
    NotMcpt,
    UnknownSubtype,
    /// <summary>From a leg/participant/SSRC that is not in the session.</summary>
    NonMember,
    /// <summary>Floor Release from a participant that neither holds the floor nor is queued.</summary>
    NotHolder,
    /// <summary>A valid message with no procedure in the current state (discarded, state kept).</summary>
    Unexpected,
}

/// <summary>Counters shared by every session of one <see cref="FloorServer"/>.</summary>
public sealed class FloorMetrics
{
    private const int TypeSlots = 11;
    private const int UnknownSlot = TypeSlots;
    private readonly Counter[] _in = new Counter[TypeSlots + 1];
    private readonly Counter[] _out = new Counter[TypeSlots + 1];
    private readonly Counter[] _dropped;
    private long _sessions;

    public FloorMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        const string messagesHelp = "Floor control messages by direction and type.";
        for (int i = 0; i <= TypeSlots; i++)
        {
            if (i == 7) continue; // subtype 7 (Rel-19 Revoke Request) is not implemented: counted as unknown
            string label = i == UnknownSlot ? "unknown" : FloorSubtype.Label((FloorMessageType)i);
            _in[i] = registry.Counter("mcptt_floor_messages_total", messagesHelp, ("dir", "in"), ("type", label));
            _out[i] = registry.Counter("mcptt_floor_messages_total", messagesHelp, ("dir", "out"), ("type", label));
        }
        _in[7] = _in[UnknownSlot];
        _out[7] = _out[UnknownSlot];
        var reasons = Enum.GetValues<FloorDropReason>();
        _dropped = new Counter[reasons.Length];
        foreach (var reason in reasons)
            _dropped[(int)reason] = registry.Counter("mcptt_floor_dropped_total", "Floor control inputs dropped, by reason.", ("reason", ReasonLabel(reason)));
        Grants = registry.Counter("mcptt_floor_grants_total", "Floors granted.");
        Revokes = registry.Counter("mcptt_floor_revokes_total", "Floor Revoke procedures started (T2 expiry, pre-emption, unpermitted media).");
        registry.Gauge("mcptt_floor_sessions", "Floor control sessions alive.", () => Interlocked.Read(ref _sessions));
    }

    public Counter Grants { get; }

    public Counter Revokes { get; }

    public long Sessions => Interlocked.Read(ref _sessions);

    public long MessagesIn(FloorMessageType type) => _in[Slot(type)].Value;

    public long MessagesOut(FloorMessageType type) => _out[Slot(type)].Value;

    public long Dropped(FloorDropReason reason) => _dropped[(int)reason].Value;

    internal void CountIn(FloorMessageType type) => _in[Slot(type)].Inc();

    internal void CountOut(FloorMessageType type) => _out[Slot(type)].Inc();

    internal void CountDropped(FloorDropReason reason) => _dropped[(int)reason].Inc();

    internal void SessionOpened() => Interlocked.Increment(ref _sessions);

    internal void SessionClosed() => Interlocked.Decrement(ref _sessions);

    private static int Slot(FloorMessageType type) => (int)type < TypeSlots ? (int)type : UnknownSlot;

    public static string ReasonLabel(FloorDropReason reason) => reason switch
    {
        FloorDropReason.Malformed => "malformed",
        FloorDropReason.NotMcpt => "not_mcpt",
        FloorDropReason.UnknownSubtype => "unknown_subtype",
        FloorDropReason.NonMember => "non_member",
        FloorDropReason.NotHolder => "not_holder",
        _ => "unexpected",
    };
}
