using Mcptt.Floor.Binding;
using Mcptt.Floor.Sdp;
using Mcptt.Floor.Server;
using Mcptt.Relay.Core.Control;
using Mcptt.Signaling.Sdp;

namespace Mcptt.Signaling.Calls;

/// <summary>
/// Private calls with floor control (TS 24.380 §6.3 with the appliance as floor control server). A caller whose
/// offer has an <c>m=application ... udp MCPTT</c> line gets our answer on it (fmtp negotiated as for group
/// members); the callee is offered a floor channel and, when it refuses it, takes part as a legacy participant
/// (floor by media activity, T1 releases). The audio bridge is FloorHolderOnly, so only the holder is heard.
/// Offers without a floor line, or a controller without <see cref="UseFloorControl"/>, keep full-duplex relaying.
/// </summary>
public sealed partial class CallController
{
    private RelayFloorBinding? _floor;

    /// <summary>
    /// Serves floor control for private calls with the process's one floor server and binding (the ones group calls
    /// use). Before this, a floor channel in a private call is relayed end to end like any other stream.
    /// </summary>
    public void UseFloorControl(RelayFloorBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        Volatile.Write(ref _floor, binding);
    }

    /// <summary>
    /// The floor part of a caller's offer; <paramref name="plan"/> narrows to its audio and floor sections.
    /// Null when the call stays full duplex; <paramref name="error"/> when the floor line's fmtp is unacceptable.
    /// </summary>
    private PrivateFloor? FloorFor(SessionDescription offer, string callerUser, string calleeUser, ref AnchorPlan plan, out string? error)
    {
        error = null;
        if (Volatile.Read(ref _floor) is null) return null;
        var (found, problem) = PrivateFloorSdp.Find(offer, plan);
        if (problem is not null)
        {
            error = problem;
            return null;
        }
        if (found is null) return null;
        foreach (var user in (ReadOnlySpan<string>)[callerUser, calleeUser])
        {
            // Floor messages carry the MCPTT ID in a field of at most 255 octets (TS 24.380 §8.2.3).
            if (System.Text.Encoding.UTF8.GetByteCount(UserIdOf(user)) > byte.MaxValue)
            {
                error = "MCPTT ID longer than 255 octets cannot be used with floor control";
                return null;
            }
        }
        plan = found.Plan;
        var calleeOffer = new McpttFmtp { Queueing = _options.FloorQueueing, Priority = _options.FloorMaxPriority };
        return new PrivateFloor(offer, found.AudioIndex, found.FloorIndex, found.Fmtp, calleeOffer);
    }

    /// <summary>Narrows the plan of a later description of a floor-controlled call to its audio and floor sections.</summary>
    private static AnchorPlan ForCall(CallSession session, AnchorPlan plan)
        => session.Floor is { } floor ? PrivateFloorSdp.Narrow(plan, floor.AudioIndex, floor.FloorIndex) : plan;

    /// <summary>Our answer's parameters for the caller (TS 24.380 §14.2); mc_granted only with <paramref name="granted"/>.</summary>
    private McpttFmtp CallerAnswerFmtp(PrivateFloor floor, bool granted)
    {
        var policy = new McpttAnswerPolicy(_options.FloorQueueing, _options.FloorMaxPriority, granted, Ssrc: floor.CallerOffer.Ssrc ?? CallerSsrc(floor));
        return McpttFmtpNegotiation.Answer(floor.CallerOffer, policy);
    }

    /// <summary>
    /// mc_ssrc for a caller that did not say which SSRC it uses: the server picks one (seed 002); stable per call so a
    /// provisional and the final answer agree.
    /// </summary>
    private static uint CallerSsrc(PrivateFloor floor)
    {
        if (floor.ChosenCallerSsrc == 0) floor.ChosenCallerSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        return floor.ChosenCallerSsrc;
    }

    /// <summary>The floor line of a description we send to the caller, answering its floor offer.</summary>
    private static void WriteCallerFloorLine(CallSession session, SessionDescription toCaller, McpttFmtp? fmtp)
    {
        var floor = session.Floor!;
        PrivateFloorSdp.WriteFloorLine(toCaller, floor.FloorIndex, session.Caller.LegAt(floor.FloorIndex), session.Media.Address, fmtp, floor.CallerSdp);
    }

    /// <summary>
    /// The callee answered: a floor session on the audio bridge with both parties (a callee that refused the floor
    /// channel joins as legacy), and the fmtp we answer the caller with. Under the session lock; started by
    /// <see cref="StartFloor"/> once the caller has our 2xx (TS 24.380 §6.3.5.1).
    /// </summary>
    private McpttFmtp StartFloorSession(CallSession session, SessionDescription calleeAnswer)
    {
        var floor = session.Floor!;
        var binding = Volatile.Read(ref _floor)!;
        var callee = session.Other(session.Caller)!;
        var calleeFloor = PrivateFloorSdp.AnsweredFloor(calleeAnswer, floor.FloorIndex);
        floor.CalleeLegacy = calleeFloor is null || callee.LegAt(floor.FloorIndex) is null;
        var bridge = session.Media.BridgeAt(floor.AudioIndex)!.Value;
        floor.Session = binding.CreateSession(bridge, new FloorSessionOptions
        {
            Label = session.Id,
            ServerSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue),
        });

        var caller = session.Caller;
        var provisional = CallerAnswerFmtp(floor, granted: false);
        var callerOptions = FloorParticipantOptions.FromAnswer(PrivateFloor.CallerId, provisional, UserIdOf(caller), _options.FloorMaxPriority) with
        {
            // Floor Granted's SSRC field names the talker's own audio SSRC, which only its offer can tell.
            Ssrc = floor.CallerOffer.Ssrc,
        };
        var join = binding.AddParticipant(floor.Session, callerOptions, caller.LegAt(floor.AudioIndex)!.Value, caller.LegAt(floor.FloorIndex));
        floor.CallerNegotiated = CallerAnswerFmtp(floor, granted: join == FloorJoinResult.Granted);

        var offered = floor.CalleeOffer;
        if (!floor.CalleeLegacy) floor.CalleeNegotiated = McpttFmtpNegotiation.Narrow(offered, calleeFloor!);
        var calleeOptions = FloorParticipantOptions.ForInvitee(PrivateFloor.CalleeId, UserIdOf(callee), offered,
            floor.CalleeLegacy ? null : floor.CalleeNegotiated) with { Ssrc = floor.CalleeLegacy ? null : calleeFloor!.Ssrc };
        binding.AddParticipant(floor.Session, calleeOptions, callee.LegAt(floor.AudioIndex)!.Value,
            floor.CalleeLegacy ? null : callee.LegAt(floor.FloorIndex));
        _metrics.FloorControlled(floor.CalleeLegacy);
        CallLog.FloorStarted(_logger, session.Id, floor.CalleeLegacy ? "legacy" : "mcptt");
        return floor.CallerNegotiated;
    }

    private static void StartFloor(CallSession session) => session.Floor?.Session?.Start();

    /// <summary>Stops floor control and forgets its legs (before they are freed). Under the session lock.</summary>
    private void StopFloor(CallSession session)
    {
        if (session.Floor?.Session is not { } floorSession) return;
        session.Floor.Session = null;
        Volatile.Read(ref _floor)?.DestroySession(floorSession);
    }

    private string UserIdOf(Participant participant) => UserIdOf(participant.User);

    private string UserIdOf(string user) => $"sip:{user}@{_options.Domain}";
}
