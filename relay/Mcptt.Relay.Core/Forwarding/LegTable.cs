namespace Mcptt.Relay.Core.Forwarding;

/// <summary>
/// Slot → live leg, one slot per port pair. The control plane publishes and clears slots
/// (single writer); workers look legs up from epoll data / socket sets with a Volatile read and
/// check the leg id, so an event for a leg freed (or a slot reused) in the meantime is ignored.
/// </summary>
internal sealed class LegTable(int slots)
{
    private readonly RelayLeg?[] _slots = new RelayLeg?[slots];

    public int Capacity => _slots.Length;

    public RelayLeg? Get(int slot) => (uint)slot < (uint)_slots.Length ? Volatile.Read(ref _slots[slot]) : null;

    public RelayLeg? Get(int slot, int id)
    {
        var leg = Get(slot);
        return leg is not null && leg.Id == id ? leg : null;
    }

    public void Publish(RelayLeg leg) => Volatile.Write(ref _slots[leg.Slot], leg);

    public void Clear(RelayLeg leg) => Volatile.Write(ref _slots[leg.Slot], null);
}
