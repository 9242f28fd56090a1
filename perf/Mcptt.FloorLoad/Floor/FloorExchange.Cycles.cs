namespace Mcptt.FloorLoad.Floor;

/// <summary>
/// One floor cycle per group per period: request (stamped) → Granted at the talker and Taken at the others → hold →
/// release (stamped) → Idle at everyone → next request at the group's next free slot. Every method runs under the
/// group's lock; a message that fits no cycle in flight is counted as stray, a missing one when the cycle ends.
/// </summary>
internal sealed partial class FloorExchange
{
    private long _startNs;

    /// <summary>Lets <paramref name="active"/> groups (0..active-1) cycle; their first requests are spread evenly over one period.</summary>
    public void Activate(IReadOnlyList<LoadGroup> groups, int active)
    {
        long period = Clock.MsToNs(_plan.PeriodMs);
        long now = Clock.NowNs();
        if (_startNs == 0) _startNs = now;
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            lock (group)
            {
                bool wanted = g < active;
                if (wanted == group.Active) continue;
                group.Active = wanted;
                if (!wanted) continue;
                // Slot k of this group is due at start + offset + k * period; the offset spreads the groups.
                group.SlotOffset = period * g / active;
                group.NextSlot = Math.Max(0, (now - _startNs - group.SlotOffset) / period + 1);
                _clock.At(SlotTime(group), new Due(DueKind.Request, group, group.Cycle));
            }
        }
    }

    /// <summary>True when no cycle counted in <paramref name="stats"/> is still running.</summary>
    public static bool Settled(IReadOnlyList<LoadGroup> groups, StepStats stats)
    {
        foreach (var group in groups)
            lock (group)
                if (group.Phase != CyclePhase.Idle && ReferenceEquals(group.Stats, stats)) return false;
        return true;
    }

    private long SlotTime(LoadGroup group) => _startNs + group.SlotOffset + group.NextSlot * Clock.MsToNs(_plan.PeriodMs);

    private void Fire(Due due)
    {
        lock (due.Group)
        {
            switch (due.Kind)
            {
                case DueKind.Request: StartCycle(due.Group); break;
                case DueKind.Release when due.Cycle == due.Group.Cycle: Release(due.Group); break;
                case DueKind.Deadline when due.Cycle == due.Group.Cycle: Overdue(due.Group); break;
            }
        }
    }

    private void StartCycle(LoadGroup group)
    {
        if (!group.Active || group.Phase != CyclePhase.Idle) return;
        group.Cycle++;
        group.Talker = group.Members[group.Cycle % group.Members.Length];
        group.Phase = CyclePhase.Requested;
        group.TakenSeen = 0;
        group.IdleSeen = 0;
        group.GrantSeen = false;
        group.Stats = Current;
        if (group.Stats is { } stats) stats.Add(ref stats.Requests);
        group.RequestSentNs = Clock.NowNs();
        SendRequest(group.Talker);
        _clock.At(group.RequestSentNs + Clock.MsToNs(_plan.AnswerTimeoutMs), new Due(DueKind.Deadline, group, group.Cycle));
    }

    private void OnGranted(LoadMember member, long kernelNs, long appNs)
    {
        var group = member.Group;
        lock (group)
        {
            if (group.Phase != CyclePhase.Requested || !ReferenceEquals(member, group.Talker))
            {
                Stray(group);
                return;
            }
            group.GrantSeen = true;
            group.Phase = CyclePhase.Holding;
            group.Stats?.RecordGrant(kernelNs - group.RequestSentNs, appNs - group.RequestSentNs);
            _clock.At(Clock.NowNs() + Clock.MsToNs(_plan.HoldMs), new Due(DueKind.Release, group, group.Cycle));
        }
    }

    private void OnTaken(LoadMember member, long kernelNs)
    {
        var group = member.Group;
        lock (group)
        {
            if (group.Phase == CyclePhase.Idle || ReferenceEquals(member, group.Talker) || member.TakenCycle == group.Cycle)
            {
                Stray(group);
                return;
            }
            member.TakenCycle = group.Cycle;
            if (++group.TakenSeen == group.Members.Length - 1) group.Stats?.RecordTakenToAll(kernelNs - group.RequestSentNs);
        }
    }

    private void OnIdle(LoadMember member, long kernelNs)
    {
        var group = member.Group;
        lock (group)
        {
            if (group.Phase != CyclePhase.Released || member.IdleCycle == group.Cycle)
            {
                if (group.Active) Stray(group);
                return;
            }
            member.IdleCycle = group.Cycle;
            if (++group.IdleSeen < group.Members.Length) return;
            group.Stats?.RecordIdleToAll(kernelNs - group.ReleaseSentNs);
            EndCycle(group);
        }
    }

    private void OnDeny(LoadMember member)
    {
        var group = member.Group;
        lock (group)
        {
            if (group.Phase != CyclePhase.Requested || !ReferenceEquals(member, group.Talker)) return;
            if (group.Stats is { } stats) stats.Add(ref stats.Denied);
            EndCycle(group); // nothing to wait for: the floor never changed hands
        }
    }

    private void Release(LoadGroup group)
    {
        if (group.Phase != CyclePhase.Holding) return;
        group.Phase = CyclePhase.Released;
        group.ReleaseSentNs = Clock.NowNs();
        SendRelease(group.Talker!);
    }

    /// <summary>The answer timeout ran out: no Granted (release anyway, in case only the Granted was lost), or Idles missing.</summary>
    private void Overdue(LoadGroup group)
    {
        long timeout = Clock.MsToNs(_plan.AnswerTimeoutMs);
        switch (group.Phase)
        {
            case CyclePhase.Requested:
                if (group.Stats is { } stats) stats.Add(ref stats.Unanswered);
                group.Phase = CyclePhase.Released;
                group.ReleaseSentNs = Clock.NowNs();
                SendRelease(group.Talker!);
                _clock.At(group.ReleaseSentNs + timeout, new Due(DueKind.Deadline, group, group.Cycle));
                break;
            case CyclePhase.Holding:
                // A late Granted: its release is due soon; wait for its Idles from there.
                _clock.At(Clock.NowNs() + Clock.MsToNs(_plan.HoldMs) + timeout, new Due(DueKind.Deadline, group, group.Cycle));
                break;
            case CyclePhase.Released:
                EndCycle(group);
                break;
        }
    }

    private void EndCycle(LoadGroup group)
    {
        // Only a granted floor owes Taken and Idle to everyone; a lost or denied request is counted as such.
        if (group.Stats is { } stats && group.GrantSeen)
        {
            stats.Add(ref stats.MissingTaken, group.Members.Length - 1 - group.TakenSeen);
            stats.Add(ref stats.MissingIdle, group.Members.Length - group.IdleSeen);
        }
        group.Phase = CyclePhase.Idle;
        if (!group.Active) return;
        long now = Clock.NowNs();
        long period = Clock.MsToNs(_plan.PeriodMs);
        long next = group.NextSlot + 1;
        long earliest = (now - _startNs - group.SlotOffset) / period + 1;
        if (earliest > next && group.Stats is { } late) late.Add(ref late.SlotsSkipped, earliest - next);
        group.NextSlot = Math.Max(next, earliest);
        _clock.At(SlotTime(group), new Due(DueKind.Request, group, group.Cycle));
    }

    private void Stray(LoadGroup group)
    {
        if (group.Active) Interlocked.Increment(ref Counters.Stray);
    }
}
