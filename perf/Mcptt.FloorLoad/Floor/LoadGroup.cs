namespace Mcptt.FloorLoad.Floor;

internal enum CyclePhase : byte
{
    /// <summary>Nothing in flight; the next request is scheduled.</summary>
    Idle,
    /// <summary>Floor Request sent; waiting for Floor Granted at the requester and Floor Taken at the others.</summary>
    Requested,
    /// <summary>Granted; the talker holds the floor until its release is due.</summary>
    Holding,
    /// <summary>Floor Release sent; waiting for Floor Idle at every member.</summary>
    Released,
}

/// <summary>One group call and the state of its current floor cycle. Everything below is guarded by locking the group.</summary>
internal sealed class LoadGroup(int index, string uri)
{
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _joinedInvitees;

    public int Index { get; } = index;
    public string Uri { get; } = uri;
    public LoadMember[] Members { get; set; } = [];

    /// <summary>Completes when every invited member has our 2xx acknowledged (the appliance took it into the call).</summary>
    public Task AllJoined => _joined.Task;

    public bool Active { get; set; }
    public CyclePhase Phase { get; set; }
    public int Cycle { get; set; } = -1;
    public LoadMember? Talker { get; set; }
    public long RequestSentNs { get; set; }
    public long ReleaseSentNs { get; set; }
    public int TakenSeen { get; set; }
    public int IdleSeen { get; set; }
    public bool GrantSeen { get; set; }
    /// <summary>The step statistics this cycle is counted in (fixed when its request is sent).</summary>
    public StepStats? Stats { get; set; }
    /// <summary>Slot number of the next request (request k is due at start + offset + k * period).</summary>
    public long NextSlot { get; set; }
    /// <summary>Where in the period this group's slots fall (spreads the groups evenly).</summary>
    public long SlotOffset { get; set; }

    public void InviteeJoined()
    {
        if (Interlocked.Increment(ref _joinedInvitees) == Members.Length - 1) _joined.TrySetResult();
    }
}
